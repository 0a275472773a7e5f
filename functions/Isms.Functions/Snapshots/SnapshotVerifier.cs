using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Isms.Core.Snapshots;

namespace Isms.Functions.Snapshots;

/// <summary>
/// Proves a snapshot unchanged: recomputes its manifest's SHA-256 and compares it with the hash recorded beside
/// it, recomputes every evidence file's hash against the manifest, and walks the chain back to the first
/// snapshot, checking that each manifest still hashes to what its successor recorded. Everything that does not
/// match is named.
/// </summary>
public sealed class SnapshotVerifier(SnapshotStore store, IEvidenceCatalog evidence, TimeProvider time)
{
    private const int Parallelism = 8;

    public async Task<VerificationResponse?> VerifyAsync(string id, CancellationToken cancellationToken)
    {
        var record = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (record is null)
        {
            return null;
        }

        var checks = new List<VerificationCheck>();
        var (manifest, actual) = await ReadAsync(record.Id, cancellationToken).ConfigureAwait(false);
        checks.Add(ManifestCheck(record, actual, manifest is not null));
        var evidenceChecked = 0;
        if (manifest is not null)
        {
            checks.AddRange(LinkChecks(record, manifest));
            var (evidenceChecks, unreadable) = await EvidenceChecksAsync(record, manifest, cancellationToken).ConfigureAwait(false);
            evidenceChecked = evidenceChecks.Count;
            checks.AddRange(evidenceChecks.Where(c => !c.Ok));
            if (unreadable is not null)
            {
                checks.Add(unreadable);
            }
            else if (evidenceChecks.Count > 0 && evidenceChecks.All(c => c.Ok))
            {
                checks.Add(new VerificationCheck($"evidence of {record.Id}", true, null, null, $"all {evidenceChecks.Count} evidence files hash to the manifest's SHA-256"));
            }
        }

        var link = manifest is not null ? Link(manifest) : (record.PreviousId, record.PreviousSha256);
        var (chain, length) = await ChainChecksAsync(record, link, cancellationToken).ConfigureAwait(false);
        checks.AddRange(chain);
        var problems = checks.Where(c => !c.Ok).Select(c => $"{c.Subject}: {c.Detail}").ToList();
        return new VerificationResponse(record.Id, problems.Count == 0, time.GetUtcNow(), actual, evidenceChecked, length, problems, checks);
    }

    private static VerificationCheck ManifestCheck(SnapshotRecord record, string? actual, bool parsed)
    {
        var subject = $"manifest {record.Id}";
        if (actual is null)
        {
            return new VerificationCheck(subject, false, record.Sha256, null, "the manifest blob is missing");
        }

        if (!string.Equals(actual, record.Sha256, StringComparison.Ordinal))
        {
            return new VerificationCheck(subject, false, record.Sha256, actual, $"the manifest's SHA-256 is {actual}, but {record.Sha256} was recorded when it was sealed: it has been altered");
        }

        return parsed
            ? new VerificationCheck(subject, true, record.Sha256, actual, "the manifest hashes to the SHA-256 recorded when it was sealed")
            : new VerificationCheck(subject, false, record.Sha256, actual, $"the manifest is not an {SnapshotManifest.FormatName} manifest");
    }

    private static IEnumerable<VerificationCheck> LinkChecks(SnapshotRecord record, SnapshotManifest manifest)
    {
        if (!string.Equals(manifest.Id, record.Id, StringComparison.Ordinal))
        {
            yield return new VerificationCheck($"manifest {record.Id}", false, record.Id, manifest.Id, $"the manifest names itself {manifest.Id}, not {record.Id}");
        }

        var (previousId, previousSha) = Link(manifest);
        if (!string.Equals(previousId, record.PreviousId, StringComparison.Ordinal) || !string.Equals(previousSha, record.PreviousSha256, StringComparison.Ordinal))
        {
            yield return new VerificationCheck(
                $"manifest {record.Id}", false, record.PreviousSha256, previousSha,
                $"the manifest links to {previousId ?? "nothing"} ({previousSha ?? "no hash"}), but the record of the snapshot links to {record.PreviousId ?? "nothing"} ({record.PreviousSha256 ?? "no hash"})");
        }
    }

    /// <summary>One check per evidence file the manifest lists, in its order, and a failed check when the list cannot be read to its end.</summary>
    private async Task<(List<VerificationCheck> Files, VerificationCheck? Unreadable)> EvidenceChecksAsync(SnapshotRecord record, SnapshotManifest manifest, CancellationToken cancellationToken)
    {
        var results = new List<(int Index, VerificationCheck Check)>();
        var rows = manifest.Evidence.Select((e, i) => (Index: i, Entry: e));
        VerificationCheck? unreadable = null;
        try
        {
            await Parallel.ForEachAsync(rows, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (item, ct) =>
            {
                var check = await EvidenceCheckAsync(item.Entry, ct).ConfigureAwait(false);
                lock (results)
                {
                    results.Add((item.Index, check));
                }
            }).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            unreadable = new VerificationCheck($"manifest {record.Id}", false, null, null, $"its evidence list cannot be read to the end ({results.Count} files checked): {ex.Message}");
        }

        return ([.. results.OrderBy(r => r.Index).Select(r => r.Check)], unreadable);
    }

    private async Task<VerificationCheck> EvidenceCheckAsync(ManifestEvidence e, CancellationToken cancellationToken)
    {
        var name = string.Create(CultureInfo.InvariantCulture, $"evidence {e.Id} v{e.Version} ({e.FileName})");
        var stream = await evidence.OpenAsync(e.Container, e.BlobName, cancellationToken).ConfigureAwait(false);
        if (stream is null)
        {
            return new VerificationCheck(name, false, e.Sha256, null, "the evidence file is missing from storage");
        }

        string actual;
        await using (stream.ConfigureAwait(false))
        {
            actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }

        return string.Equals(actual, e.Sha256, StringComparison.OrdinalIgnoreCase)
            ? new VerificationCheck(name, true, e.Sha256, actual, "matches the manifest")
            : new VerificationCheck(name, false, e.Sha256, actual, $"the file's SHA-256 is {actual}, but the manifest lists {e.Sha256}: it has been altered");
    }

    private async Task<(List<VerificationCheck> Checks, int Length)> ChainChecksAsync(SnapshotRecord start, (string? Id, string? Sha) link, CancellationToken cancellationToken)
    {
        var checks = new List<VerificationCheck>();
        Dictionary<string, SnapshotRecord>? records = null;
        var current = start;
        var length = 1;
        var walked = new HashSet<string>(StringComparer.Ordinal) { start.Id };
        var (linkedId, linkedSha) = link;
        while (linkedId is not null)
        {
            var subject = $"chain {current.Id} → {linkedId}";
            if (!walked.Add(linkedId))
            {
                checks.Add(new VerificationCheck(subject, false, linkedSha, null, $"{current.Id} links back to {linkedId}, which is later in the chain: the chain loops"));
                break;
            }

            // Every record in one query, the first time one is needed, rather than a read per link.
            records ??= (await store.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Id, StringComparer.Ordinal);
            if (!records.TryGetValue(linkedId, out var previous))
            {
                checks.Add(new VerificationCheck(subject, false, linkedSha, null, $"{linkedId}, which {current.Id} follows, is not on record"));
                break;
            }

            length++;
            var (manifest, actual) = await ReadAsync(previous.Id, cancellationToken).ConfigureAwait(false);
            if (actual is null)
            {
                checks.Add(new VerificationCheck(subject, false, linkedSha, null, $"the manifest of {previous.Id} is missing"));
            }
            else if (!string.Equals(actual, linkedSha, StringComparison.Ordinal))
            {
                checks.Add(new VerificationCheck(subject, false, linkedSha, actual, $"the manifest of {previous.Id} hashes to {actual}, but {current.Id} recorded {linkedSha}: {previous.Id} has been altered"));
            }
            else if (previous.Sequence != current.Sequence - 1)
            {
                checks.Add(new VerificationCheck(subject, false, null, null, $"{current.Id} (number {current.Sequence}) follows {previous.Id} (number {previous.Sequence}): the chain has a gap"));
            }
            else
            {
                checks.Add(new VerificationCheck(subject, true, linkedSha, actual, $"{previous.Id} hashes to what {current.Id} recorded"));
            }

            (linkedId, linkedSha) = manifest is null ? (previous.PreviousId, previous.PreviousSha256) : Link(manifest);
            current = previous;
        }

        if (current.Sequence != 1 && linkedId is null)
        {
            checks.Add(new VerificationCheck($"chain {current.Id}", false, null, null, $"{current.Id} links to no earlier snapshot, but it is number {current.Sequence}, not the first"));
        }
        else if (checks.All(c => c.Ok))
        {
            checks.Add(new VerificationCheck($"chain {start.Id}", true, null, null, length == 1 ? $"{start.Id} is the first snapshot" : $"{length} snapshots back to the first ({current.Id}) all hash to what their successors recorded"));
        }

        return (checks, length);
    }

    /// <summary>The manifest (null if missing or not a manifest) and the SHA-256 of its stored bytes (null if missing).</summary>
    private async Task<(SnapshotManifest? Manifest, string? Sha256)> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.ReadManifestBytesAsync(id, cancellationToken).ConfigureAwait(false) is not { } bytes)
        {
            return (null, null);
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes.ToMemory().Span));
        try
        {
            return (SnapshotManifest.Read(bytes.ToMemory()), sha);
        }
        catch (JsonException)
        {
            return (null, sha);
        }
    }

    private static (string? Id, string? Sha) Link(SnapshotManifest manifest) => (manifest.Previous?.Id, manifest.Previous?.Sha256);
}
