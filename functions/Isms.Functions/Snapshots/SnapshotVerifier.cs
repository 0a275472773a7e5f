using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Isms.Core.Snapshots;
using Isms.Functions.Snapshots.Signing;

namespace Isms.Functions.Snapshots;

/// <summary>
/// Proves a snapshot unchanged: recomputes its manifest's SHA-256 and compares it with the hash recorded beside
/// it, recomputes every evidence file's hash against the manifest, and walks the chain back to the first
/// snapshot, checking that each manifest still hashes to what its successor recorded and that its signature holds
/// (<see cref="SignatureChain"/> decides what an unsigned snapshot means). Everything that does not match is named,
/// and the earliest break of the chain is named apart. Results are kept by <see cref="VerificationCache"/> while
/// nothing they were computed from has been written.
/// </summary>
public sealed class SnapshotVerifier(SnapshotStore store, IEvidenceCatalog evidence, ISnapshotSigner signer, VerificationCache cache, TimeProvider time)
{
    private const int Parallelism = 8;

    public async Task<VerificationResponse?> VerifyAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(id, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        // What the result depends on is read before the things themselves, so a write in between changes the key the
        // next request compares, and a result can never be kept under a key newer than what it saw.
        var all = await store.ListAsync(cancellationToken).ConfigureAwait(false);
        var records = all.ToDictionary(r => r.Id, StringComparer.Ordinal);
        var chainKey = VerificationCache.ChainKey(all, await store.ManifestETagsAsync(cancellationToken).ConfigureAwait(false));
        if (!records.TryGetValue(id, out var record))
        {
            return null;
        }

        if (cache.Find(record.Id, chainKey) is { } kept
            && kept.EvidenceKey == VerificationCache.EvidenceKey(kept.EvidenceBlobs, await EvidenceETagsAsync(kept.EvidenceBlobs, cancellationToken).ConfigureAwait(false)))
        {
            return kept.Response;
        }

        var checks = new List<VerificationCheck>();
        var head = await ReadAsync(record.Id, cancellationToken).ConfigureAwait(false);
        var manifestCheck = ManifestCheck(record, head.Sha256, head.Manifest is not null);
        checks.Add(manifestCheck);
        var headLinkHolds = manifestCheck.Ok;
        var headDetail = Line(manifestCheck);
        var evidenceChecked = 0;
        IReadOnlyList<(string Container, string BlobName)> evidenceBlobs = [];
        var evidenceKey = string.Empty;
        if (head.Manifest is { } manifest)
        {
            var links = LinkChecks(record, manifest).ToList();
            if (headLinkHolds && links.Count > 0)
            {
                (headLinkHolds, headDetail) = (false, Line(links[0]));
            }

            checks.AddRange(links);
            evidenceBlobs = EvidenceBlobs(manifest);
            evidenceKey = VerificationCache.EvidenceKey(evidenceBlobs, await EvidenceETagsAsync(evidenceBlobs, cancellationToken).ConfigureAwait(false));
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

        var link = head.Manifest is not null ? Link(head.Manifest) : (record.PreviousId, record.PreviousSha256);
        var walk = await ChainChecksAsync(record, link, records, new ChainMember(record.Id, headLinkHolds, headDetail, head), cancellationToken).ConfigureAwait(false);
        checks.AddRange(walk.Checks);
        var (signatureChecks, firstBreak, unsigned) = await SignatureChecksAsync(walk.NewestFirst, cancellationToken).ConfigureAwait(false);
        checks.AddRange(signatureChecks);
        var problems = checks.Where(c => !c.Ok).Select(Line).ToList();
        var response = new VerificationResponse(record.Id, problems.Count == 0, time.GetUtcNow(), head.Sha256, evidenceChecked, walk.Length, problems, checks, firstBreak, unsigned);
        cache.Keep(record.Id, new KeptVerification(chainKey, evidenceBlobs, evidenceKey, response));
        return response;
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
            : new VerificationCheck(subject, false, record.Sha256, actual, $"the manifest is not an {SnapshotManifest.FormatName} or {SnapshotManifest.FirstFormatName} manifest");
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

    /// <summary>The evidence files the manifest lists, as far as its list can be read.</summary>
    private static List<(string Container, string BlobName)> EvidenceBlobs(SnapshotManifest manifest)
    {
        var blobs = new List<(string Container, string BlobName)>();
        try
        {
            blobs.AddRange(manifest.Evidence.Select(e => (e.Container, e.BlobName)));
        }
        catch (JsonException)
        {
            // The evidence checks name the unreadable list; the manifest's own ETag covers its bytes.
        }

        return blobs;
    }

    private async Task<IReadOnlyDictionary<string, string>> EvidenceETagsAsync(IReadOnlyList<(string Container, string BlobName)> blobs, CancellationToken cancellationToken)
    {
        var etags = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var container in blobs.Select(b => b.Container).Distinct(StringComparer.Ordinal))
        {
            foreach (var (name, etag) in await evidence.ETagsAsync(container, cancellationToken).ConfigureAwait(false))
            {
                etags[$"{container}/{name}"] = etag;
            }
        }

        return etags;
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

    private async Task<ChainWalk> ChainChecksAsync(
        SnapshotRecord start, (string? Id, string? Sha) link, Dictionary<string, SnapshotRecord> records, ChainMember startMember, CancellationToken cancellationToken)
    {
        var checks = new List<VerificationCheck>();
        var members = new List<ChainMember> { startMember };
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
                members[^1] = members[^1] with { HashLinkHolds = false, HashProblem = Line(checks[^1]) };
                break;
            }

            if (!records.TryGetValue(linkedId, out var previous))
            {
                checks.Add(new VerificationCheck(subject, false, linkedSha, null, $"{linkedId}, which {current.Id} follows, is not on record"));
                members[^1] = members[^1] with { HashLinkHolds = false, HashProblem = Line(checks[^1]) };
                break;
            }

            length++;
            var read = await ReadAsync(previous.Id, cancellationToken).ConfigureAwait(false);
            VerificationCheck check;
            if (read.Sha256 is null)
            {
                check = new VerificationCheck(subject, false, linkedSha, null, $"the manifest of {previous.Id} is missing");
            }
            else if (!string.Equals(read.Sha256, linkedSha, StringComparison.Ordinal))
            {
                check = new VerificationCheck(subject, false, linkedSha, read.Sha256, $"the manifest of {previous.Id} hashes to {read.Sha256}, but {current.Id} recorded {linkedSha}: {previous.Id} has been altered");
            }
            else if (previous.Sequence != current.Sequence - 1)
            {
                check = new VerificationCheck(subject, false, null, null, $"{current.Id} (number {current.Sequence}) follows {previous.Id} (number {previous.Sequence}): the chain has a gap");
            }
            else
            {
                check = new VerificationCheck(subject, true, linkedSha, read.Sha256, $"{previous.Id} hashes to what {current.Id} recorded");
            }

            checks.Add(check);
            members.Add(new ChainMember(previous.Id, check.Ok, Line(check), read));
            (linkedId, linkedSha) = read.Manifest is null ? (previous.PreviousId, previous.PreviousSha256) : Link(read.Manifest);
            current = previous;
        }

        if (current.Sequence != 1 && linkedId is null)
        {
            checks.Add(new VerificationCheck($"chain {current.Id}", false, null, null, $"{current.Id} links to no earlier snapshot, but it is number {current.Sequence}, not the first"));
            members[^1] = members[^1] with { HashLinkHolds = false, HashProblem = Line(checks[^1]) };
        }
        else if (checks.All(c => c.Ok))
        {
            checks.Add(new VerificationCheck($"chain {start.Id}", true, null, null, length == 1 ? $"{start.Id} is the first snapshot" : $"{length} snapshots back to the first ({current.Id}) all hash to what their successors recorded"));
        }

        return new ChainWalk(checks, length, members);
    }

    /// <summary>
    /// Each snapshot's signature, judged oldest first by <see cref="SignatureChain"/>: a check for each snapshot whose
    /// hash link holds (a wrong hash is named by the chain already), the earliest break, and those sealed before signing.
    /// </summary>
    private async Task<(List<VerificationCheck> Checks, VerificationBreak? FirstBreak, IReadOnlyList<string> Unsigned)> SignatureChecksAsync(
        IReadOnlyList<ChainMember> newestFirst, CancellationToken cancellationToken)
    {
        var oldestFirst = newestFirst.Reverse().ToList();
        var verdicts = new List<SignatureVerdict?>(oldestFirst.Count);
        foreach (var member in oldestFirst)
        {
            verdicts.Add(member.Read is { Signature: { } signature, Digest: { } digest }
                ? await signer.VerifyAsync(signature, digest, cancellationToken).ConfigureAwait(false)
                : null);
        }

        var judged = SignatureChain.Judge([.. oldestFirst.Select((m, i) => new ChainLink(
            m.Id,
            m.HashLinkHolds,
            m.Read.Signature is null ? SignatureState.Missing : verdicts[i]?.Valid == true ? SignatureState.Valid : SignatureState.Invalid))]);
        var checks = new List<VerificationCheck>();
        var lines = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < oldestFirst.Count; i++)
        {
            var (member, judgement) = (oldestFirst[i], judged.Links[i]);
            var keyId = member.Read.Signature?.KeyId;
            var detail = judgement switch
            {
                { Break: ChainBreakKind.HashLink } => member.HashProblem,
                { Standing: SnapshotStanding.UnsignedBeforeSigning } => "unsigned (sealed before signing)",
                { Break: ChainBreakKind.SignatureMissing } => "it has no signature, though a snapshot before it was signed: its signature has been removed",
                { Break: ChainBreakKind.SignatureInvalid } => verdicts[i]?.Detail ?? $"its signature cannot be checked: the manifest of {member.Id} is missing",
                _ => verdicts[i]!.Detail,
            };
            if (judgement.Break == ChainBreakKind.HashLink)
            {
                lines[member.Id] = detail;
            }
            else
            {
                var check = new VerificationCheck($"signature {member.Id}", judgement.Standing != SnapshotStanding.Broken, null, keyId, detail);
                checks.Add(check);
                lines[member.Id] = Line(check);
            }
        }

        var first = judged.FirstBreak is { } b ? new VerificationBreak(b.SnapshotId, b.Break!.Value, lines[b.SnapshotId]) : null;
        return (checks, first, [.. judged.Links.Where(l => l.Standing == SnapshotStanding.UnsignedBeforeSigning).Select(l => l.SnapshotId)]);
    }

    /// <summary>The manifest (null if missing or not a manifest), the SHA-256 of its stored bytes and the signature stored with them.</summary>
    private async Task<ReadManifest> ReadAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.ReadStoredManifestAsync(id, cancellationToken).ConfigureAwait(false) is not { } stored)
        {
            return new ReadManifest(null, null, null, null);
        }

        var digest = SHA256.HashData(stored.Bytes.ToMemory().Span);
        var sha = Convert.ToHexStringLower(digest);
        try
        {
            return new ReadManifest(SnapshotManifest.Read(stored.Bytes.ToMemory()), sha, digest, stored.Signature);
        }
        catch (JsonException)
        {
            return new ReadManifest(null, sha, digest, stored.Signature);
        }
    }

    /// <summary>A check as the list of problems names it: what, then what is wrong.</summary>
    private static string Line(VerificationCheck check) => $"{check.Subject}: {check.Detail}";

    private static (string? Id, string? Sha) Link(SnapshotManifest manifest) => (manifest.Previous?.Id, manifest.Previous?.Sha256);

    private sealed record ReadManifest(SnapshotManifest? Manifest, string? Sha256, byte[]? Digest, SnapshotSignature? Signature);

    /// <summary>A snapshot of the walked chain: whether its hash link holds (and if not, the problem naming it) and what was read of it.</summary>
    private sealed record ChainMember(string Id, bool HashLinkHolds, string HashProblem, ReadManifest Read);

    private sealed record ChainWalk(List<VerificationCheck> Checks, int Length, IReadOnlyList<ChainMember> NewestFirst);
}
