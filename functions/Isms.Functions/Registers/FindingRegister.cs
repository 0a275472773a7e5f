using Azure.Data.Tables;
using Isms.Core.Audits;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>
/// Findings partitioned by their audit; a finding's id starts with its audit's id, so one read finds it. Findings
/// raised outside audits share one partition of their own, and their ids say so (<see cref="RecordIds.IsFindingOutsideAudits"/>).
/// </summary>
public sealed class FindingRegister(RecordStore store)
{
    /// <summary>The partition of the findings raised outside audits; no audit id can be this (audit ids are AUD-…).</summary>
    public const string OutsideAuditsPartition = "outside-audits";

    public static RecordKey Key(string? auditId, string findingId) =>
        new(TableNames.Findings, auditId ?? OutsideAuditsPartition, findingId, $"findings/{findingId}");

    public Task<Stored<Finding>?> GetAsync(string findingId, CancellationToken cancellationToken) =>
        !RecordIds.IsWellFormed(findingId) ? Task.FromResult<Stored<Finding>?>(null)
        : RecordIds.IsFindingOutsideAudits(findingId) ? store.GetAsync<Finding>(Key(null, findingId), cancellationToken)
        : RecordIds.AuditOfFinding(findingId) is { } auditId ? store.GetAsync<Finding>(Key(auditId, findingId), cancellationToken)
        : Task.FromResult<Stored<Finding>?>(null);

    /// <summary>Findings of one audit (or, with <paramref name="outsideAudits"/>, those raised outside audits), of one type, or all.</summary>
    public async Task<IReadOnlyList<Stored<Finding>>> ListAsync(string? auditId, FindingType? type, CancellationToken cancellationToken, bool outsideAudits = false)
    {
        var filters = new List<string>();
        if (auditId is not null || outsideAudits)
        {
            filters.Add(TableClient.CreateQueryFilter($"PartitionKey eq {auditId ?? OutsideAuditsPartition}"));
        }

        if (type is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"Type eq {type.Value.ToString()}"));
        }

        var found = new List<Stored<Finding>>();
        await foreach (var finding in store.QueryAsync<Finding>(TableNames.Findings, string.Join(" and ", filters), cancellationToken).ConfigureAwait(false))
        {
            found.Add(finding);
        }

        return [.. found.OrderBy(f => f.Value.RaisedAt)];
    }

    public Task<Stored<Finding>> ReplaceAsync(Stored<Finding> before, Finding after, Caller caller, CancellationToken cancellationToken) =>
        store.ReplaceAsync(Key(after.AuditId, after.Id), before, after, caller, new Dictionary<string, object?> { ["Type"] = after.Type.ToString() }, cancellationToken);

    public Task<Stored<Finding>> InsertAsync(Finding finding, Caller caller, CancellationToken cancellationToken) =>
        store.InsertAsync(Key(finding.AuditId, finding.Id), finding, caller, new Dictionary<string, object?> { ["Type"] = finding.Type.ToString() }, cancellationToken);
}
