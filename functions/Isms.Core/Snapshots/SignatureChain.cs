namespace Isms.Core.Snapshots;

/// <summary>What a snapshot's signature says about its manifest.</summary>
public enum SignatureState
{
    /// <summary>Signed, and the signature matches the manifest's SHA-256 under the key that made it.</summary>
    Valid,

    /// <summary>Signed, but the signature does not match the manifest, or names a key the app does not sign with.</summary>
    Invalid,

    /// <summary>No signature beside the manifest.</summary>
    Missing,
}

/// <summary>How a snapshot of the chain stands.</summary>
public enum SnapshotStanding
{
    /// <summary>Its hash link holds and its signature is valid.</summary>
    Verified,

    /// <summary>Its hash link holds and it has no signature, as every snapshot sealed before signing began.</summary>
    UnsignedBeforeSigning,

    /// <summary>The chain breaks here: see <see cref="ChainBreakKind"/>.</summary>
    Broken,
}

/// <summary>Why the chain breaks at a snapshot.</summary>
public enum ChainBreakKind
{
    /// <summary>The manifest does not hash to what its record or its successor holds, or its link to the one before is wrong.</summary>
    HashLink,

    /// <summary>The signature does not match the manifest.</summary>
    SignatureInvalid,

    /// <summary>No signature, though a snapshot before it was signed: signing never stops once it has begun.</summary>
    SignatureMissing,
}

/// <summary>One snapshot of the chain as verification found it.</summary>
/// <param name="HashLinkHolds">Its manifest hashes to what was recorded for it and links where its record says.</param>
public sealed record ChainLink(string SnapshotId, bool HashLinkHolds, SignatureState Signature);

/// <summary>One snapshot's standing and, when broken, why.</summary>
public sealed record LinkJudgement(string SnapshotId, SnapshotStanding Standing, ChainBreakKind? Break);

/// <summary>The standing of every snapshot, oldest first, and the earliest one at which the chain breaks.</summary>
public sealed record ChainJudgement(IReadOnlyList<LinkJudgement> Links, LinkJudgement? FirstBreak);

/// <summary>
/// The rule for a chain of snapshots some of which were sealed before signing began. A snapshot whose hash link is
/// wrong is broken whatever its signature says; one with a wrong signature is broken; one without a signature is
/// "unsigned (sealed before signing)" only while no snapshot before it carried a signature (valid or not), since
/// sealing signs every snapshot from the first signed one on, so a missing signature after that was removed.
/// </summary>
public static class SignatureChain
{
    /// <param name="oldestFirst">The chain from its first snapshot to the one verified.</param>
    public static ChainJudgement Judge(IReadOnlyList<ChainLink> oldestFirst)
    {
        ArgumentNullException.ThrowIfNull(oldestFirst);
        var signingBegan = false;
        var judged = new List<LinkJudgement>(oldestFirst.Count);
        foreach (var link in oldestFirst)
        {
            var judgement = (link.HashLinkHolds, link.Signature) switch
            {
                (false, _) => Broken(link, ChainBreakKind.HashLink),
                (true, SignatureState.Valid) => new LinkJudgement(link.SnapshotId, SnapshotStanding.Verified, null),
                (true, SignatureState.Invalid) => Broken(link, ChainBreakKind.SignatureInvalid),
                (true, _) when signingBegan => Broken(link, ChainBreakKind.SignatureMissing),
                _ => new LinkJudgement(link.SnapshotId, SnapshotStanding.UnsignedBeforeSigning, null),
            };
            signingBegan |= link.Signature != SignatureState.Missing;
            judged.Add(judgement);
        }

        return new ChainJudgement(judged, judged.FirstOrDefault(j => j.Standing == SnapshotStanding.Broken));
    }

    private static LinkJudgement Broken(ChainLink link, ChainBreakKind kind) => new(link.SnapshotId, SnapshotStanding.Broken, kind);
}
