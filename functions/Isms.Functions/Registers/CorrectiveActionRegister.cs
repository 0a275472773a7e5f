using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Isms.Core.CorrectiveActions;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>
/// Corrective actions, keyed so that the reminder run reads only open actions and an owner's list reads only
/// that owner's: partition <c>open|{owner}</c> or <c>closed|{owner}</c>. Closing moves an action from one
/// partition to the other in three steps, each safe to crash after: the open row is first marked Closed (the
/// truth, written with its trail), then copied to the closed partition, then deleted. A reader that meets a
/// Closed row in an open partition finishes the move. An index (written before the action) maps an action to
/// its owner and a finding to its actions.
/// </summary>
public sealed class CorrectiveActionRegister(RecordStore store, IsmsStorage storage)
{
    private const string Open = "open|";
    private const string Closed = "closed|";
    private const string FindingPrefix = "finding|";
    private const string OriginPrefix = "origin|";

    /// <summary>Effectiveness reviews as rows of their own beside the action (<c>CA-1|effectivenessReviews|000001</c>).</summary>
    public static readonly IRowList<CorrectiveAction> Reviews =
        new RowList<CorrectiveAction, EffectivenessReview>("effectivenessReviews", a => a.EffectivenessReviews, (a, reviews) => a with { EffectivenessReviews = reviews });

    public static RecordKey Key(CorrectiveAction action) => Key(action.Id, action.OwnerUpn, action.Status == CorrectiveActionStatus.Closed);

    private static RecordKey Key(string id, string owner, bool closed) =>
        new(TableNames.CorrectiveActions, Partition(owner, closed), id, $"corrective-actions/{id}");

    /// <summary>An owner's open or closed partition; the owner is a UPN, which may hold '#' (guests), so it is encoded.</summary>
    private static string Partition(string owner, bool closed) => (closed ? Closed : Open) + TableKey.Owner(owner);

    public async Task<Stored<CorrectiveAction>?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!RecordIds.IsWellFormed(id))
        {
            return null;
        }

        var index = await storage.TableAsync(TableNames.CorrectiveActionIndex, cancellationToken).ConfigureAwait(false);
        var owner = await index.GetEntityIfExistsAsync<TableEntity>(id, "owner", cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!owner.HasValue)
        {
            return null;
        }

        var ownerUpn = owner.Value!.GetString("OwnerUpn");
        var open = await store.GetAsync(Key(id, ownerUpn, closed: false), Reviews, cancellationToken).ConfigureAwait(false);
        if (open is not null)
        {
            return open.Value.Status == CorrectiveActionStatus.Closed ? await FinishCloseAsync(open, cancellationToken).ConfigureAwait(false) : open;
        }

        return await store.GetAsync(Key(id, ownerUpn, closed: true), Reviews, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every action not yet closed: one key range, whatever the number of closed actions.</summary>
    public IAsyncEnumerable<Stored<CorrectiveAction>> OpenAsync(CancellationToken cancellationToken) =>
        ReadAsync(TableClient.CreateQueryFilter($"PartitionKey ge {Open} and PartitionKey lt {"open}"}"), cancellationToken);

    public IAsyncEnumerable<Stored<CorrectiveAction>> ClosedAsync(CancellationToken cancellationToken) =>
        ReadAsync(TableClient.CreateQueryFilter($"PartitionKey ge {Closed} and PartitionKey lt {"closed}"}"), cancellationToken);

    public async IAsyncEnumerable<Stored<CorrectiveAction>> OwnedByAsync(string ownerUpn, bool includeClosed, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var action in ReadAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(ownerUpn, closed: false)}"), cancellationToken).ConfigureAwait(false))
        {
            yield return action;
        }

        if (includeClosed)
        {
            await foreach (var action in ReadAsync(TableClient.CreateQueryFilter($"PartitionKey eq {Partition(ownerUpn, closed: true)}"), cancellationToken).ConfigureAwait(false))
            {
                yield return action;
            }
        }
    }

    /// <summary>The ids of each finding's actions, from the index (one key range).</summary>
    public async Task<ILookup<string, string>> ActionIdsByFindingAsync(CancellationToken cancellationToken)
    {
        var index = await storage.TableAsync(TableNames.CorrectiveActionIndex, cancellationToken).ConfigureAwait(false);
        var links = new List<(string Finding, string Action)>();
        await foreach (var link in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {FindingPrefix} and PartitionKey lt {"finding}"}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            links.Add((TableKey.Decode(link.PartitionKey[FindingPrefix.Length..]), link.RowKey));
        }

        return links.ToLookup(l => l.Finding, l => l.Action, StringComparer.Ordinal);
    }

    /// <summary>The ids of the actions on each record whose path starts with <paramref name="originPrefix"/> (<c>gap-analysis/</c>): one key range.</summary>
    public async Task<ILookup<string, string>> ActionIdsByOriginAsync(string originPrefix, CancellationToken cancellationToken)
    {
        var index = await storage.TableAsync(TableNames.CorrectiveActionIndex, cancellationToken).ConfigureAwait(false);
        var from = TableKey.Prefixed(OriginPrefix, originPrefix);
        var links = new List<(string Origin, string Action)>();
        await foreach (var link in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {from + "~"}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            links.Add((TableKey.Decode(link.PartitionKey[OriginPrefix.Length..]), link.RowKey));
        }

        return links.ToLookup(l => l.Origin, l => l.Action, StringComparer.Ordinal);
    }

    /// <summary>The actions that answer one record other than a finding (a risk, a management review, a gap), oldest first.</summary>
    public async Task<IReadOnlyList<Stored<CorrectiveAction>>> ForOriginAsync(string origin, CancellationToken cancellationToken)
    {
        var index = await storage.TableAsync(TableNames.CorrectiveActionIndex, cancellationToken).ConfigureAwait(false);
        var ids = new List<string>();
        await foreach (var link in index.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {TableKey.Prefixed(OriginPrefix, origin)}"), select: ["RowKey"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            ids.Add(link.RowKey);
        }

        var found = await Task.WhenAll(ids.Select(id => GetAsync(id, cancellationToken))).ConfigureAwait(false);
        return [.. found.OfType<Stored<CorrectiveAction>>().OrderBy(a => a.Value.CreatedAt).ThenBy(a => a.Value.Id, StringComparer.Ordinal)];
    }

    public async Task<Stored<CorrectiveAction>> InsertAsync(CorrectiveAction action, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);

        // The index first: if we crash before the action is written, the index points at nothing and reads as "not found".
        var index = await storage.TableAsync(TableNames.CorrectiveActionIndex, cancellationToken).ConfigureAwait(false);
        await index.UpsertEntityAsync(new TableEntity(TableKey.Checked(action.Id), "owner") { ["OwnerUpn"] = action.OwnerUpn }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        if (action.FindingId is not null)
        {
            await index.UpsertEntityAsync(new TableEntity(TableKey.Prefixed(FindingPrefix, action.FindingId), TableKey.Checked(action.Id)), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        if (action.Origin is not null)
        {
            await index.UpsertEntityAsync(new TableEntity(TableKey.Prefixed(OriginPrefix, action.Origin), TableKey.Checked(action.Id)), TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }

        return await store.InsertAsync(Key(action), action, caller, Columns(action), Reviews, cancellationToken).ConfigureAwait(false);
    }

    public async Task<Stored<CorrectiveAction>> ReplaceAsync(Stored<CorrectiveAction> before, CorrectiveAction after, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var wasClosed = before.PartitionKey.StartsWith(Closed, StringComparison.Ordinal);
        var written = await store.ReplaceAsync(
            Key(before.Value.Id, before.Value.OwnerUpn, wasClosed), before, after, caller, Columns(after), Reviews, cancellationToken).ConfigureAwait(false);
        return after.Status == CorrectiveActionStatus.Closed && !wasClosed
            ? await FinishCloseAsync(written, cancellationToken).ConfigureAwait(false)
            : written;
    }

    private async Task<Stored<CorrectiveAction>> FinishCloseAsync(Stored<CorrectiveAction> openRow, CancellationToken cancellationToken)
    {
        var action = openRow.Value;
        var closedKey = Key(action.Id, action.OwnerUpn, closed: true);
        await store.CopyAsync(closedKey, action, Columns(action), Reviews, cancellationToken).ConfigureAwait(false);
        await store.DeleteAsync(Key(action.Id, action.OwnerUpn, closed: false), openRow.ETag, Reviews, cancellationToken).ConfigureAwait(false);
        return await store.GetAsync(closedKey, Reviews, cancellationToken).ConfigureAwait(false) ?? openRow;
    }

    private async IAsyncEnumerable<Stored<CorrectiveAction>> ReadAsync(string filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var action in store.QueryAsync(TableNames.CorrectiveActions, filter, Reviews, cancellationToken).ConfigureAwait(false))
        {
            if (action.Value.Status == CorrectiveActionStatus.Closed && action.PartitionKey.StartsWith(Open, StringComparison.Ordinal))
            {
                // A close interrupted half way: the action is closed, so it is not listed here; finishing the move
                // puts it in its closed partition, which is read after the open ones.
                await FinishCloseAsync(action, cancellationToken).ConfigureAwait(false);
                continue;
            }

            yield return action;
        }
    }

    private static Dictionary<string, object?> Columns(CorrectiveAction action)
    {
        var columns = new Dictionary<string, object?>
        {
            ["Status"] = action.Status.ToString(),
            ["DueDate"] = action.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["OwnerUpn"] = action.OwnerUpn,
            ["Kind"] = action.Kind.ToString(),
        };
        if (action.FindingId is not null)
        {
            columns["FindingId"] = action.FindingId;
        }

        if (action.Origin is not null)
        {
            columns["Origin"] = action.Origin;
        }

        return columns;
    }
}
