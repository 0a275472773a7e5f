using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

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
        using (manifest)
        {
            checks.Add(ManifestCheck(record, actual, manifest is not null));
            var evidenceChecked = 0;
            if (manifest is not null)
            {
                checks.AddRange(LinkChecks(record, manifest.RootElement));
                var evidenceChecks = await EvidenceChecksAsync(manifest.RootElement, cancellationToken).ConfigureAwait(false);
                evidenceChecked = evidenceChecks.Count;
                checks.AddRange(evidenceChecks.Where(c => !c.Ok));
                if (evidenceChecks.Count > 0 && evidenceChecks.All(c => c.Ok))
                {
                    checks.Add(new VerificationCheck($"evidence of {record.Id}", true, null, null, $"all {evidenceChecks.Count} evidence files hash to the manifest's SHA-256"));
                }
            }

            var link = manifest is not null ? Previous(manifest.RootElement) : (record.PreviousId, record.PreviousSha256);
            var (chain, length) = await ChainChecksAsync(record, link, cancellationToken).ConfigureAwait(false);
            checks.AddRange(chain);
            var problems = checks.Where(c => !c.Ok).Select(c => $"{c.Subject}: {c.Detail}").ToList();
            return new VerificationResponse(record.Id, problems.Count == 0, time.GetUtcNow(), actual, evidenceChecked, length, problems, checks);
        }
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
            : new VerificationCheck(subject, false, record.Sha256, actual, "the manifest is not valid JSON");
    }

    private static IEnumerable<VerificationCheck> LinkChecks(SnapshotRecord record, JsonElement root)
    {
        var id = root.TryGetProperty("id", out var idValue) ? idValue.GetString() : null;
        if (!string.Equals(id, record.Id, StringComparison.Ordinal))
        {
            yield return new VerificationCheck($"manifest {record.Id}", false, record.Id, id, $"the manifest names itself {id ?? "(nothing)"}, not {record.Id}");
        }

        var (previousId, previousSha) = Previous(root);
        if (!string.Equals(previousId, record.PreviousId, StringComparison.Ordinal) || !string.Equals(previousSha, record.PreviousSha256, StringComparison.Ordinal))
        {
            yield return new VerificationCheck(
                $"manifest {record.Id}", false, record.PreviousSha256, previousSha,
                $"the manifest links to {previousId ?? "nothing"} ({previousSha ?? "no hash"}), but the record of the snapshot links to {record.PreviousId ?? "nothing"} ({record.PreviousSha256 ?? "no hash"})");
        }
    }

    private async Task<List<VerificationCheck>> EvidenceChecksAsync(JsonElement root, CancellationToken cancellationToken)
    {
        if (!root.TryGetProperty("evidence", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var entries = list.EnumerateArray().Select((e, i) => (Index: i, Entry: e)).ToList();
        var results = new VerificationCheck[entries.Count];
        await Parallel.ForEachAsync(entries, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (item, ct) =>
        {
            var e = item.Entry;
            var name = string.Create(CultureInfo.InvariantCulture, $"evidence {Text(e, "id")} v{Number(e, "version")} ({Text(e, "fileName")})");
            var expected = Text(e, "sha256");
            var stream = await evidence.OpenAsync(Text(e, "container") ?? string.Empty, Text(e, "blobName") ?? string.Empty, ct).ConfigureAwait(false);
            if (stream is null)
            {
                results[item.Index] = new VerificationCheck(name, false, expected, null, "the evidence file is missing from storage");
                return;
            }

            string actual;
            await using (stream.ConfigureAwait(false))
            {
                actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct).ConfigureAwait(false));
            }

            results[item.Index] = string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase)
                ? new VerificationCheck(name, true, expected, actual, "matches the manifest")
                : new VerificationCheck(name, false, expected, actual, $"the file's SHA-256 is {actual}, but the manifest lists {expected}: it has been altered");
        }).ConfigureAwait(false);
        return [.. results];
    }

    private async Task<(List<VerificationCheck> Checks, int Length)> ChainChecksAsync(SnapshotRecord start, (string? Id, string? Sha) link, CancellationToken cancellationToken)
    {
        var checks = new List<VerificationCheck>();
        Dictionary<string, SnapshotRecord>? records = null;
        var current = start;
        var length = 1;
        var (linkedId, linkedSha) = link;
        while (linkedId is not null)
        {
            var subject = $"chain {current.Id} → {linkedId}";
            // Every record in one query, the first time one is needed, rather than a read per link.
            records ??= (await store.ListAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(r => r.Id, StringComparer.Ordinal);
            if (!records.TryGetValue(linkedId, out var previous))
            {
                checks.Add(new VerificationCheck(subject, false, linkedSha, null, $"{linkedId}, which {current.Id} follows, is not on record"));
                break;
            }

            length++;
            var (manifest, actual) = await ReadAsync(previous.Id, cancellationToken).ConfigureAwait(false);
            using (manifest)
            {
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

                (linkedId, linkedSha) = manifest is null ? (previous.PreviousId, previous.PreviousSha256) : Previous(manifest.RootElement);
            }

            current = previous;
            if (length > 100_000)
            {
                checks.Add(new VerificationCheck(subject, false, null, null, "the chain loops"));
                break;
            }
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

    /// <summary>The manifest (null if missing or not JSON) and the SHA-256 of its stored bytes (null if missing).</summary>
    private async Task<(JsonDocument? Manifest, string? Sha256)> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.ReadManifestBytesAsync(id, cancellationToken).ConfigureAwait(false) is not { } bytes)
        {
            return (null, null);
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes.ToMemory().Span));
        try
        {
            return (JsonDocument.Parse(bytes.ToMemory()), sha);
        }
        catch (JsonException)
        {
            return (null, sha);
        }
    }

    private static (string? Id, string? Sha) Previous(JsonElement root) =>
        root.TryGetProperty("previous", out var previous) && previous.ValueKind == JsonValueKind.Object
            ? (Text(previous, "id"), Text(previous, "sha256"))
            : (null, null);

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static long Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
}
