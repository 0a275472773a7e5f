using System.Globalization;
using Azure.Data.Tables;
using Isms.Core.Audits;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>Audits in one partition (a programme holds tens a year), with type, status and dates as columns to filter on.</summary>
public sealed class AuditRegister(RecordStore store)
{
    private const string Partition = "audits";

    public static RecordKey Key(string auditId) => new(TableNames.Audits, Partition, auditId, $"audits/{auditId}");

    public Task<Stored<Audit>?> GetAsync(string auditId, CancellationToken cancellationToken) =>
        RecordIds.IsWellFormed(auditId) ? store.GetAsync<Audit>(Key(auditId), cancellationToken) : Task.FromResult<Stored<Audit>?>(null);

    public async Task<IReadOnlyList<Stored<Audit>>> ListAsync(AuditType? type, AuditStatus? status, DateOnly? from, DateOnly? to, CancellationToken cancellationToken)
    {
        var filters = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {Partition}") };
        if (type is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"Type eq {type.Value.ToString()}"));
        }

        if (status is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"Status eq {status.Value.ToString()}"));
        }

        // Audits overlapping [from, to]: ISO dates compare as strings.
        if (from is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"PlannedEnd ge {Iso(from.Value)}"));
        }

        if (to is not null)
        {
            filters.Add(TableClient.CreateQueryFilter($"PlannedStart le {Iso(to.Value)}"));
        }

        var filter = string.Join(" and ", filters);

        var audits = new List<Stored<Audit>>();
        await foreach (var audit in store.QueryAsync<Audit>(TableNames.Audits, filter, cancellationToken).ConfigureAwait(false))
        {
            audits.Add(audit);
        }

        return [.. audits.OrderBy(a => a.Value.PlannedStart).ThenBy(a => a.Value.Id, StringComparer.Ordinal)];
    }

    public Task<Stored<Audit>> InsertAsync(Audit audit, Caller caller, CancellationToken cancellationToken) =>
        store.InsertAsync(Key(audit.Id), audit, caller, Columns(audit), cancellationToken);

    public Task<Stored<Audit>> ReplaceAsync(Stored<Audit> before, Audit after, Caller caller, CancellationToken cancellationToken) =>
        store.ReplaceAsync(Key(after.Id), before, after, caller, Columns(after), cancellationToken);

    private static Dictionary<string, object?> Columns(Audit audit) => new()
    {
        ["Type"] = audit.Type.ToString(),
        ["Status"] = audit.Status.ToString(),
        ["PlannedStart"] = Iso(audit.PlannedStart),
        ["PlannedEnd"] = Iso(audit.PlannedEnd),
    };

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
