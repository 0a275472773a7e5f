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

    /// <summary>
    /// Runs <paramref name="send"/> once per row: claims the row, runs, and confirms it when the outcome is done or
    /// gives the claim back when it is not (or when <paramref name="send"/> throws), so the next run tries again.
    /// Null when the row was sent already or another run holds the claim.
    /// </summary>
    public async Task<SendOutcome?> SendOnceAsync(string table, string partition, string row, Func<CancellationToken, Task<SendOutcome>> send, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(send);
        partition = TableKey.Checked(partition);
        row = TableKey.Checked(row);
        if (await TryClaimAsync(table, partition, row, ClaimTimeout, cancellationToken).ConfigureAwait(false) is not { } claim)
        {
            return null;
        }

        SendOutcome outcome;
        try
        {
            outcome = await send(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ReleaseAsync(table, partition, row, claim).ConfigureAwait(false);
            throw;
        }

        if (outcome.Done)
        {
            await ConfirmAsync(table, partition, row, outcome.Detail).ConfigureAwait(false);
        }
        else
        {
            await ReleaseAsync(table, partition, row, claim).ConfigureAwait(false);
        }

        return outcome;
    }

    /// <summary>
    /// Claims a row by a conditional insert: the claim's ETag when this caller now holds it; null when it was sent or
    /// another holds a claim younger than <paramref name="timeout"/> (an older one is a dead run's and is taken over).
    /// Also a lease on work that must not run twice at once (a collector's run), given back with <see cref="ReleaseAsync"/>.
    /// </summary>
    public async Task<ETag?> TryClaimAsync(string table, string partition, string row, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(table, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        try
        {
            var added = await client.AddEntityAsync(new TableEntity(partition, row) { ["State"] = "Claimed", ["ClaimedAt"] = now }, cancellationToken).ConfigureAwait(false);
            return added.Headers.ETag;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            var existing = (await client.GetEntityAsync<TableEntity>(partition, row, cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (existing.GetString("State") == "Sent" || existing.GetDateTimeOffset("ClaimedAt") > now - timeout)
            {
                return null;
            }

            try
            {
                existing["ClaimedAt"] = now;
                var taken = await client.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
                return taken.Headers.ETag;
            }
            catch (RequestFailedException race) when (race.Status == 412)
            {
                return null;
            }
        }
    }

    /// <summary>
    /// Records that the send happened. It has happened by now, so a shutdown (the caller's cancellation) must not stop
    /// the record: an unconfirmed claim is taken over after <see cref="ClaimTimeout"/> and the send repeated.
    /// </summary>
    private async Task ConfirmAsync(string table, string partition, string row, string? detail)
    {
        var client = await storage.TableAsync(table, CancellationToken.None).ConfigureAwait(false);
        await client.UpsertEntityAsync(
            new TableEntity(partition, row) { ["State"] = "Sent", ["SentAt"] = time.GetUtcNow(), ["Detail"] = detail },
            TableUpdateMode.Merge,
            CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Gives our claim back, never one another run has taken over since; the caller's cancellation does not stop it.</summary>
    public async Task ReleaseAsync(string table, string partition, string row, ETag? claim)
    {
        var client = await storage.TableAsync(table, CancellationToken.None).ConfigureAwait(false);
        try
        {
            await client.DeleteEntityAsync(partition, row, claim ?? ETag.All, CancellationToken.None).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            // Taken over or gone: nothing of ours to give back.
        }
    }

    /// <summary>The detail a confirmed send recorded (the id of what it made), or null when the row is not confirmed.</summary>
    public async Task<string?> DetailAsync(string table, string partition, string row, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(table, cancellationToken).ConfigureAwait(false);
        var found = await client.GetEntityIfExistsAsync<TableEntity>(TableKey.Checked(partition), TableKey.Checked(row), cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue && found.Value!.GetString("State") == "Sent" ? found.Value.GetString("Detail") : null;
    }

    /// <summary>Every row confirmed sent in a partition.</summary>
    public async Task<IReadOnlySet<string>> SentAsync(string table, string partition, CancellationToken cancellationToken)
    {
        var client = await storage.TableAsync(table, cancellationToken).ConfigureAwait(false);
        var sent = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in client.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and State eq {"Sent"}"), select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            sent.Add(row.RowKey);
        }

        return sent;
    }
}

/// <summary>What a send did: <see cref="Done"/> confirms the row (with <see cref="Detail"/>); otherwise the claim is given back.</summary>
public sealed record SendOutcome(bool Done, string? Detail);
