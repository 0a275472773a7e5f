using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Isms.Core.Documents;
using Isms.Core.Snapshots;
using Isms.Functions.Registers;

namespace Isms.Functions.Snapshots;

/// <summary>
/// The audit package: a ZIP written to the client as it is built (never assembled in memory or on disk) holding
/// the sealed manifest, its hash, the report, the SoA as CSV, every evidence file the manifest lists and an
/// index with each file's SHA-256 as written. An evidence file that no longer hashes to the manifest is still
/// included, and the index says so.
/// </summary>
public sealed class SnapshotPackage(IEvidenceCatalog evidence)
{
    public const string IndexName = "index.csv";

    public static string FileName(string snapshotId) => $"audit-package-{snapshotId}.zip";

    /// <param name="manifest">The <paramref name="manifestBytes"/> read.</param>
    public async Task WriteAsync(Stream destination, SnapshotRecord record, ReadOnlyMemory<byte> manifestBytes, SnapshotManifest manifest, string report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(manifest);
        var index = new List<IndexLine>();
        await using var pump = new ZipPump(destination);
        using (var zip = new ZipArchive(pump, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: Encoding.UTF8))
        {
            var sealedAt = record.TakenAt;
            await AddAsync(zip, pump, "manifest.json", manifestBytes, sealedAt, index, "the sealed manifest", cancellationToken).ConfigureAwait(false);
            await AddAsync(zip, pump, "manifest.json.sha256", Encoding.ASCII.GetBytes($"{record.Sha256}  manifest.json\n"), sealedAt, index, "the manifest's SHA-256 as recorded when sealed", cancellationToken).ConfigureAwait(false);
            await AddAsync(zip, pump, "report.html", Encoding.UTF8.GetBytes(report), sealedAt, index, "the report, rendered from the manifest", cancellationToken).ConfigureAwait(false);
            await AddAsync(zip, pump, "statement-of-applicability.csv", SoaDocuments.CsvFile(Soa(manifest)), sealedAt, index, "the Statement of Applicability from the manifest", cancellationToken).ConfigureAwait(false);
            if (manifest.Risks is { } risks)
            {
                await AddAsync(zip, pump, "risk-register.csv", RiskCsv(risks), sealedAt, index, "the risk register from the manifest", cancellationToken).ConfigureAwait(false);
            }

            foreach (var file in manifest.Evidence)
            {
                await AddEvidenceAsync(zip, pump, file, sealedAt, index, cancellationToken).ConfigureAwait(false);
            }

            using var lines = new StringWriter(CultureInfo.InvariantCulture);
            var csv = new CsvWriter(lines);
            csv.WriteRow("path", "sha256", "size", "note");
            foreach (var line in index)
            {
                csv.WriteRow(line.Path, line.Sha256, line.Size.ToString(CultureInfo.InvariantCulture), line.Note);
            }

            var entry = zip.CreateEntry(IndexName, CompressionLevel.Fastest);
            entry.LastWriteTime = sealedAt;
            using (var stream = entry.Open())
            {
                stream.Write(Encoding.UTF8.GetBytes(lines.ToString()));
            }

            await pump.DrainAsync(cancellationToken).ConfigureAwait(false);
        }

        // Disposing the archive wrote the central directory into the pump.
        await pump.DrainAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task AddEvidenceAsync(ZipArchive zip, ZipPump pump, ManifestEvidence file, DateTimeOffset sealedAt, List<IndexLine> index, CancellationToken cancellationToken)
    {
        var id = file.Id;
        var version = file.Version;
        var expected = file.Sha256;
        var path = string.Create(CultureInfo.InvariantCulture, $"evidence/{Safe(id)}/v{version}/{Safe(file.FileName)}");
        var content = await evidence.OpenAsync(file.Container, file.BlobName, cancellationToken).ConfigureAwait(false);
        if (content is null)
        {
            index.Add(new IndexLine(path, string.Empty, 0, $"MISSING: the evidence file is no longer in storage (manifest SHA-256 {expected})"));
            return;
        }

        await using (content.ConfigureAwait(false))
        {
            var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
            entry.LastWriteTime = sealedAt;
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            long size = 0;
            var buffer = new byte[81920];
            using (var target = entry.Open())
            {
                int read;
                while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    size += read;
                    target.Write(buffer, 0, read);
                    await pump.DrainAsync(cancellationToken).ConfigureAwait(false);
                }
            }

            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            index.Add(new IndexLine(path, actual, size, string.Equals(actual, expected, StringComparison.Ordinal)
                ? $"evidence {id} v{version}: matches the manifest"
                : $"ALTERED: evidence {id} v{version} hashes to {actual}, the manifest lists {expected}"));
            await pump.DrainAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task AddAsync(ZipArchive zip, ZipPump pump, string path, ReadOnlyMemory<byte> bytes, DateTimeOffset at, List<IndexLine> index, string note, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Fastest);
        entry.LastWriteTime = at;
        const int Chunk = 256 * 1024;
        using (var stream = entry.Open())
        {
            for (var offset = 0; offset < bytes.Length; offset += Chunk)
            {
                stream.Write(bytes.Span.Slice(offset, Math.Min(Chunk, bytes.Length - offset)));
                await pump.DrainAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        index.Add(new IndexLine(path, Convert.ToHexStringLower(SHA256.HashData(bytes.Span)), bytes.Length, note));
        await pump.DrainAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The Annex A rows of the manifest's SoA, as the SoA CSV of the API writes them.</summary>
    private static IEnumerable<ControlResponse> Soa(SnapshotManifest manifest) =>
        manifest.Controls.Where(c => c.IsAnnexA).Select(c => new ControlResponse(
            c.ControlId, c.Title, c.Theme, null, true, c.Applicable, c.Justification, c.ImplementationStatus, c.OwnerUpn, c.ReviewFrequency, c.RiskRating, string.Empty));

    /// <summary>The risk register as a CSV file for spreadsheets (UTF-8 with a byte-order mark, formulas defused by the writer).</summary>
    public static byte[] RiskCsv(ManifestRisks register)
    {
        ArgumentNullException.ThrowIfNull(register);
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        var csv = new CsvWriter(text);
        csv.WriteRow("Risk", "Title", "Asset", "Owner", "Likelihood", "Impact", "Inherent score", "Treatment", "Controls", "Residual likelihood", "Residual impact", "Residual score",
            "Above criteria", "Approved by", "Approved at", "Accepted by", "Accepted at", "Review date");
        foreach (var r in register.Risks)
        {
            var residual = r.ResidualLikelihood * r.ResidualImpact;
            csv.WriteRow(
                r.Id, r.Title, r.Asset, r.OwnerUpn, Number(r.Likelihood), Number(r.Impact), Number(r.Likelihood * r.Impact), r.Option?.ToString(), string.Join(" ", r.ControlIds),
                Number(r.ResidualLikelihood), Number(r.ResidualImpact), Number(residual), residual > register.AcceptanceCriteria ? "Yes" : "No",
                r.ApprovedBy, Instant(r.ApprovedAt), r.AcceptedBy, Instant(r.AcceptedAt), r.ReviewDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text.ToString())];

        static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

        static string? Instant(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }

    /// <summary>Zip entry names are paths: keep ids and file names to one harmless segment.</summary>
    private static string Safe(string value)
    {
        var cleaned = new string([.. value.Select(c => char.IsControl(c) || c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' ? '_' : c)]).Trim().TrimStart('.');
        return cleaned.Length == 0 ? "file" : cleaned;
    }

    private sealed record IndexLine(string Path, string Sha256, long Size, string Note);

    /// <summary>
    /// Takes ZipArchive's synchronous writes into a small buffer that is drained to the client asynchronously
    /// after each piece, so the response is never written synchronously and never buffered whole. Not seekable,
    /// so the archive writes data descriptors, as streaming needs.
    /// </summary>
    private sealed class ZipPump(Stream destination) : Stream
    {
        private readonly MemoryStream _pending = new();
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => _written + _pending.Length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => _pending.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => _pending.Write(buffer);

        public async Task DrainAsync(CancellationToken cancellationToken)
        {
            if (_pending.Length == 0)
            {
                return;
            }

            await destination.WriteAsync(_pending.GetBuffer().AsMemory(0, (int)_pending.Length), cancellationToken).ConfigureAwait(false);
            await destination.FlushAsync(cancellationToken).ConfigureAwait(false);
            _written += _pending.Length;
            _pending.SetLength(0);
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _pending.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
