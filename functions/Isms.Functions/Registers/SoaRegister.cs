using Azure;
using Azure.Data.Tables;
using Isms.Core.Controls;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>
/// The Statement of Applicability: one row per control that someone has set; a control nobody has set yet
/// reads as its defaults with the ETag <c>"0"</c>, so the catalogue is whole from the first start.
/// </summary>
public sealed class SoaRegister(RecordStore store)
{
    public static readonly ETag Unsaved = RecordStore.Unsaved;
    private const string Partition = "soa";

    public static RecordKey Key(string controlId) => new(TableNames.Controls, Partition, controlId, $"controls/{controlId}");

    public async Task<IReadOnlyDictionary<string, Stored<SoaEntry>>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var saved = new Dictionary<string, Stored<SoaEntry>>(StringComparer.OrdinalIgnoreCase);
        await foreach (var row in store.QueryAsync<SoaEntry>(TableNames.Controls, TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken).ConfigureAwait(false))
        {
            saved[row.RowKey] = row;
        }

        return ControlCatalogue.All.ToDictionary(
            c => c.Id,
            c => saved.TryGetValue(c.Id, out var row) ? row : new Stored<SoaEntry>(SoaEntry.ForNewControl(c.Id), Unsaved, Partition, c.Id),
            StringComparer.OrdinalIgnoreCase);
    }

    public async Task<Stored<SoaEntry>> GetAsync(string controlId, CancellationToken cancellationToken) =>
        await store.GetAsync<SoaEntry>(Key(controlId), cancellationToken).ConfigureAwait(false)
        ?? new Stored<SoaEntry>(SoaEntry.ForNewControl(controlId), Unsaved, Partition, controlId);

    public Task<Stored<SoaEntry>> SaveAsync(Stored<SoaEntry> before, SoaEntry after, Caller caller, CancellationToken cancellationToken) =>
        store.SaveAsync(Key(after.ControlId), before, after, caller, null, null, cancellationToken);
}
