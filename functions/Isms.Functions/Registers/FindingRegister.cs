using Isms.Core.Audits;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>Findings partitioned by their audit; a finding's id starts with its audit's id, so one read finds it.</summary>
public sealed class FindingRegister(RecordStore store)
{
    public static RecordKey Key(string auditId, string findingId) => new(TableNames.Findings, auditId, findingId, $"findings/{findingId}");

    public Task<Stored<Finding>?> GetAsync(string findingId, CancellationToken cancellationToken) =>
        RecordIds.IsWellFormed(findingId) && RecordIds.AuditOfFinding(findingId) is { } auditId
            ? store.GetAsync<Finding>(Key(auditId, findingId), cancellationToken)
            : Task.FromResult<Stored<Finding>?>(null);

    /// <summary>Findings (of one audit, of one type, or all) with their corrective actions and the status those give them.</summary>
    public async Task<IReadOnlyList<FindingResponse>> ListWithActionsAsync(CorrectiveActionRegister actions, string? auditId, FindingType? type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var found = await ListAsync(auditId, type, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0)
        {
            return [];
        }

        var links = await actions.ActionIdsByFindingAsync(cancellationToken).ConfigureAwait(false);
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var action in actions.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            open[action.Value.FindingId] = open.GetValueOrDefault(action.Value.FindingId) + 1;
        }

        return [.. found.Select(f => ToResponse(f, [.. links[f.Value.Id]], open.GetValueOrDefault(f.Value.Id)))];
    }

    /// <param name="openActions">How many of <paramref name="actionIds"/> are not closed: with their count, the finding's status (Finding.Status).</param>
    public static FindingResponse ToResponse(Stored<Finding> stored, IReadOnlyList<string> actionIds, int openActions)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(actionIds);
        var f = stored.Value;
        return new FindingResponse(f.Id, f.AuditId, f.Type, f.ControlIds, f.Description, f.RaisedBy, f.RaisedAt, f.Status(actionIds.Count, openActions), actionIds, ApiResults.Tag(stored.ETag));
    }

    public async Task<IReadOnlyList<Stored<Finding>>> ListAsync(string? auditId, FindingType? type, CancellationToken cancellationToken)
    {
        var filters = new List<string>();
        if (auditId is not null)
        {
            filters.Add($"PartitionKey eq '{auditId.Replace("'", "''", StringComparison.Ordinal)}'");
        }

        if (type is not null)
        {
            filters.Add($"Type eq '{type}'");
        }

        var found = new List<Stored<Finding>>();
        await foreach (var finding in store.QueryAsync<Finding>(TableNames.Findings, string.Join(" and ", filters), cancellationToken).ConfigureAwait(false))
        {
            found.Add(finding);
        }

        return [.. found.OrderBy(f => f.Value.RaisedAt)];
    }

    public Task<Stored<Finding>> InsertAsync(Finding finding, Caller caller, CancellationToken cancellationToken) =>
        store.InsertAsync(Key(finding.AuditId, finding.Id), finding, caller, new Dictionary<string, object?> { ["Type"] = finding.Type.ToString() }, cancellationToken);
}
