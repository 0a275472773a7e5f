using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Isms.Core.Validation;
using Isms.Functions.Platform;

namespace Isms.Functions.Storage;

/// <summary>One change to one record: who, when, what, before and after.</summary>
public sealed record AuditTrailEntry(string Id, string Entity, DateTimeOffset At, string By, string Action, IReadOnlyList<FieldChange> Changes);

/// <summary>
/// The append-only record of changes (ISO/IEC 27001 7.5.3: documented information is controlled). Entries are
/// only ever added, keyed by the entity and the time of the change, so reading one entity's history is one
/// partition, oldest first.
/// </summary>
public sealed class AuditTrail(IsmsStorage storage, TimeProvider time)
{
    public AuditTrailEntry Entry(string entityPath, string action, string by, IReadOnlyList<FieldChange> changes)
    {
        var at = time.GetUtcNow();
        var id = $"{at.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
        return new AuditTrailEntry(id, entityPath, at, by, action, changes);
    }

    public async Task AppendAsync(AuditTrailEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var table = await storage.TableAsync(TableNames.AuditTrail, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(PartitionFor(entry.Entity), entry.Id)
        {
            ["Entity"] = entry.Entity,
            ["At"] = entry.At,
            ["By"] = entry.By,
            ["Action"] = entry.Action,
            ["Changes"] = JsonSerializer.Serialize(entry.Changes, IsmsJson.Options),
        };
        try
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Appended before (a retried flush): the trail keeps one copy.
        }
    }

    public async Task<IReadOnlyList<AuditTrailEntry>> ReadAsync(string entityPath, CancellationToken cancellationToken)
    {
        var table = await storage.TableAsync(TableNames.AuditTrail, cancellationToken).ConfigureAwait(false);
        var entries = new List<AuditTrailEntry>();
        var partition = PartitionFor(entityPath);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            entries.Add(new AuditTrailEntry(
                entity.RowKey,
                entity.GetString("Entity"),
                entity.GetDateTimeOffset("At") ?? default,
                entity.GetString("By"),
                entity.GetString("Action"),
                JsonSerializer.Deserialize<IReadOnlyList<FieldChange>>(entity.GetString("Changes"), IsmsJson.Options) ?? []));
        }

        return entries;
    }

    /// <summary>
    /// The partition of an entity's history: "audits/AUD-1" is kept as "audits|AUD-1" (a key may not hold '/'), each
    /// segment through <see cref="TableKey"/>, so ids with other refused characters stay distinct and readable.
    /// </summary>
    public static string PartitionFor(string entityPath)
    {
        ArgumentNullException.ThrowIfNull(entityPath);
        return string.Join('|', entityPath.Split('/').Select(TableKey.Encode));
    }
}
