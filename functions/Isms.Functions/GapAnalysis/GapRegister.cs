using Azure.Data.Tables;
using Isms.Core.GapAnalysis;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.GapAnalysis;

/// <summary>
/// The gap analysis in Table Storage: one row per requirement someone has assessed, in one partition, with every
/// assessment as a row of its own beside it (<see cref="RowList{T, TItem}"/>), so the whole analysis with its history
/// is one partition query and a requirement assessed a hundred times still fits. A requirement never assessed reads
/// as empty with the ETag <c>"0"</c>.
/// </summary>
public sealed class GapRegister(RecordStore store)
{
    private const string Partition = "gap";

    public static readonly IRowList<GapItem> Assessments =
        new RowList<GapItem, GapAssessment>("assessments", i => i.Assessments, (i, assessments) => i with { Assessments = assessments });

    public static RecordKey Key(string requirementId) => new(TableNames.GapAnalysis, Partition, requirementId, $"gap-analysis/{requirementId}");

    /// <summary>Every requirement of the catalogue, assessed or not, in catalogue order.</summary>
    public async Task<IReadOnlyList<Stored<GapItem>>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var saved = new Dictionary<string, Stored<GapItem>>(StringComparer.OrdinalIgnoreCase);
        await foreach (var row in store.QueryAsync(TableNames.GapAnalysis, TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), Assessments, cancellationToken).ConfigureAwait(false))
        {
            saved[row.RowKey] = row;
        }

        return [.. RequirementCatalogue.All.Select(r => saved.TryGetValue(r.Id, out var row) ? row : Empty(r.Id))];
    }

    public async Task<Stored<GapItem>> GetAsync(string requirementId, CancellationToken cancellationToken) =>
        await store.GetAsync(Key(requirementId), Assessments, cancellationToken).ConfigureAwait(false) ?? Empty(requirementId);

    public Task<Stored<GapItem>> SaveAsync(Stored<GapItem> before, GapItem after, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        return store.SaveAsync(Key(after.RequirementId), before, after, caller, null, Assessments, cancellationToken);
    }

    private static Stored<GapItem> Empty(string requirementId) => new(new GapItem { RequirementId = requirementId }, RecordStore.Unsaved, Partition, requirementId);
}
