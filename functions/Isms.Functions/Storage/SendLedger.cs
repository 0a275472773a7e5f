using Azure;
using Azure.Data.Tables;

namespace Isms.Functions.Storage;

/// <summary>
/// Makes "send once" hold when a timer fires twice, two runs overlap or a run dies half way: a send is claimed
/// with a conditional insert before it happens and confirmed after. A confirmed send is never repeated; a claim
/// left unconfirmed (the run died) can be taken over once it is older than the claim timeout.
/// </summary>
public sealed class SendLedger(IsmsStorage storage, TimeProvider time)
{
    public static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(10);

    /// <summary>True when this caller now holds the claim and should send; false when it was sent or is being sent.</summary>
    public async Task<bool> TryClaimAsync(string table, string partition, string row, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(table, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        try
        {
            await client.AddEntityAsync(new TableEntity(partition, row) { ["State"] = "Claimed", ["ClaimedAt"] = now }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = (await client.GetEntityAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (existing.GetString("State") == "Sent" || existing.GetDateTimeOffset("ClaimedAt") > now - ClaimTimeout)
            {
                return false;
            }

            try
            {
                existing["ClaimedAt"] = now;
                await client.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (RequestFailedException race) when (race.Status == 412)
            {
                return false;
            }
        }
    }

    public async Task ConfirmAsync(string table, string partition, string row, string? detail, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(table, cancellationToken).ConfigureAwait(false);
        await client.UpsertEntityAsync(
            new TableEntity(partition, row) { ["State"] = "Sent", ["SentAt"] = time.GetUtcNow(), ["Detail"] = detail },
            TableUpdateMode.Merge,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives a claim back after a failed send, so the next run tries again at once.</summary>
    public async Task ReleaseAsync(string table, string partition, string row, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(table, cancellationToken).ConfigureAwait(false);
        await client.DeleteEntityAsync(partition, row, ETag.All, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every row confirmed sent in a partition.</summary>
    public async Task<IReadOnlySet<string>> SentAsync(string table, string partition, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(table, cancellationToken).ConfigureAwait(false);
        var sent = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in client.QueryAsync<TableEntity>($"PartitionKey eq '{partition.Replace("'", "''", StringComparison.Ordinal)}' and State eq 'Sent'", select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            sent.Add(row.RowKey);
        }

        return sent;
    }
}
