using Azure.Data.Tables;
using Isms.Core.Risks;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Risks;

/// <summary>The risk register in Table Storage: one partition (a register holds hundreds of risks, not millions), row = risk id.</summary>
public sealed class RiskRegister(RecordStore store)
{
    private const string Partition = "risks";

    public static RecordKey Key(string id) => new(TableNames.Risks, Partition, id, $"risks/{id}");

    public async Task<IReadOnlyList<Stored<Risk>>> ListAsync(CancellationToken cancellationToken)
    {
        var found = new List<Stored<Risk>>();
        await foreach (var risk in store.QueryAsync<Risk>(TableNames.Risks, TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken).ConfigureAwait(false))
        {
            found.Add(risk);
        }

        return found;
    }

    public Task<Stored<Risk>?> GetAsync(string id, CancellationToken cancellationToken) =>
        RecordIds.IsWellFormed(id) ? store.GetAsync<Risk>(Key(id), cancellationToken) : Task.FromResult<Stored<Risk>?>(null);

    public Task<Stored<Risk>> InsertAsync(Risk risk, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(risk);
        return store.InsertAsync(Key(risk.Id), risk, caller, null, cancellationToken);
    }

    public Task<Stored<Risk>> ReplaceAsync(Stored<Risk> before, Risk after, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        return store.ReplaceAsync(Key(after.Id), before, after, caller, null, cancellationToken);
    }
}
