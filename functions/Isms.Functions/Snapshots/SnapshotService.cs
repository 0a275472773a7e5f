using Isms.Core.Snapshots;
using Isms.Core.Validation;
using Isms.Functions.Platform;

namespace Isms.Functions.Snapshots;

/// <summary>A sealed manifest opened for reading, with the record that holds its hash.</summary>
public sealed record OpenedManifest(SnapshotRecord Record, Stream Content);

/// <summary>A snapshot's report, rendered from its sealed manifest (and the change since the one before).</summary>
public sealed record RenderedReport(SnapshotRecord Record, string Html);

/// <summary>Everything the audit package of one snapshot is built from; <see cref="WriteToAsync"/> streams it.</summary>
public sealed class PackageSource
{
    private readonly SnapshotPackage _package;
    private readonly ReadOnlyMemory<byte> _bytes;
    private readonly SnapshotManifest _manifest;
    private readonly string _report;

    internal PackageSource(SnapshotPackage package, SnapshotRecord record, ReadOnlyMemory<byte> bytes, SnapshotManifest manifest, string report)
    {
        _package = package;
        Record = record;
        _bytes = bytes;
        _manifest = manifest;
        _report = report;
    }

    public SnapshotRecord Record { get; }

    public string FileName => SnapshotPackage.FileName(Record.Id);

    public Task WriteToAsync(Stream destination, CancellationToken cancellationToken) =>
        _package.WriteAsync(destination, Record, _bytes, _manifest, _report, cancellationToken);
}

/// <summary>
/// Sealed compliance snapshots, for the API and the pages: list, seal one now, open a manifest, render its report,
/// prepare its audit package, verify it and compare two.
/// </summary>
public sealed class SnapshotService(SnapshotStore store, SnapshotTaker taker, SnapshotVerifier verifier, SnapshotPackage package)
{
    /// <summary>Every sealed snapshot, newest first.</summary>
    public async Task<IReadOnlyList<SnapshotSummary>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        return [.. all.Reverse().Select(SnapshotStore.ToSummary)];
    }

    /// <summary>One sealed snapshot as the list shows it (one read, not the whole list).</summary>
    public async Task<Outcome<SnapshotSummary>> GetAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } record
            ? Outcome.Success(SnapshotStore.ToSummary(record))
            : NotFound<SnapshotSummary>(id);

    /// <summary>Seals a snapshot now, taken by <paramref name="caller"/>.</summary>
    public async Task<SnapshotSummary> SealAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return SnapshotStore.ToSummary(await taker.TakeAsync(caller.Upn, "Manual", cancellationToken).ConfigureAwait(false));
    }

    public async Task<Outcome<OpenedManifest>> OpenManifestAsync(string id, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var content = record is null ? null : await store.OpenManifestAsync(record.Id, cancellationToken).ConfigureAwait(false);
        return record is null || content is null ? NotFound<OpenedManifest>(id) : Outcome.Success(new OpenedManifest(record, content));
    }

    public async Task<Outcome<RenderedReport>> ReportAsync(string id, CancellationToken cancellationToken)
    {
        var found = await SealedAsync(id, cancellationToken).ConfigureAwait(false);
        return found is null
            ? NotFound<RenderedReport>(id)
            : Outcome.Success(new RenderedReport(found.Record, await RenderAsync(found, cancellationToken).ConfigureAwait(false)));
    }

    public async Task<Outcome<PackageSource>> PackageAsync(string id, CancellationToken cancellationToken)
    {
        var found = await SealedAsync(id, cancellationToken).ConfigureAwait(false);
        return found is null
            ? NotFound<PackageSource>(id)
            : Outcome.Success(new PackageSource(package, found.Record, found.Bytes, found.Manifest, await RenderAsync(found, cancellationToken).ConfigureAwait(false)));
    }

    public async Task<Outcome<VerificationResponse>> VerifyAsync(string id, CancellationToken cancellationToken) =>
        await verifier.VerifyAsync(id, cancellationToken).ConfigureAwait(false) is { } result ? Outcome.Success(result) : NotFound<VerificationResponse>(id);

    /// <summary>What changed from the older snapshot to the newer, whichever order they are named in.</summary>
    public async Task<Outcome<SnapshotDiffResult>> DiffAsync(string id, string otherId, CancellationToken cancellationToken)
    {
        var first = await ManifestAsync(id, cancellationToken).ConfigureAwait(false);
        if (first is null)
        {
            return NotFound<SnapshotDiffResult>(id);
        }

        var second = await ManifestAsync(otherId, cancellationToken).ConfigureAwait(false);
        return second is null ? NotFound<SnapshotDiffResult>(otherId) : Outcome.Success(SnapshotDiff.Compare(first, second));
    }

    private async Task<string> RenderAsync(SealedManifest sealedManifest, CancellationToken cancellationToken)
    {
        var record = sealedManifest.Record;
        var previous = record.PreviousId is null ? null : await store.ReadManifestAsync(record.PreviousId, cancellationToken).ConfigureAwait(false);
        var diff = previous is null ? null : SnapshotDiff.Compare(previous, sealedManifest.Manifest);
        return SnapshotReport.Render(sealedManifest.Manifest, record.Sha256, diff, await SnapshotReport.CollectedSectionAsync(sealedManifest.Manifest).ConfigureAwait(false));
    }

    private async Task<SnapshotManifest?> ManifestAsync(string id, CancellationToken cancellationToken) =>
        await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } record
            ? await store.ReadManifestAsync(record.Id, cancellationToken).ConfigureAwait(false)
            : null;

    /// <summary>A snapshot's record and its sealed manifest (bytes and parsed once), or null when either is missing.</summary>
    private async Task<SealedManifest?> SealedAsync(string id, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        var bytes = record is null ? null : await store.ReadManifestBytesAsync(record.Id, cancellationToken).ConfigureAwait(false);
        return record is null || bytes is null ? null : new SealedManifest(record, bytes.ToMemory(), SnapshotManifest.Read(bytes.ToMemory()));
    }

    private static Outcome<T> NotFound<T>(string id)
        where T : notnull =>
        Outcome.Refused<T>(RefusalCode.NotFound, "id", $"There is no snapshot '{id}'. GET /api/snapshots lists them (ids look like SNAP-000001).");

    private sealed record SealedManifest(SnapshotRecord Record, ReadOnlyMemory<byte> Bytes, SnapshotManifest Manifest);
}
