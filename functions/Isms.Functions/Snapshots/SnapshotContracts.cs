using Isms.Core.Snapshots;

namespace Isms.Functions.Snapshots;

/// <summary>One sealed snapshot as the list shows it; the manifest itself is at <c>/api/snapshots/{id}</c>.</summary>
public sealed record SnapshotSummary(
    string Id,
    int Sequence,
    DateTimeOffset TakenAt,
    string TakenBy,
    string Trigger,
    string Sha256,
    long Size,
    string? PreviousId,
    string? PreviousSha256,
    HeadlineFigures? Headline,
    bool Ready,
    int Blockers,
    string Manifest,
    string Report,
    string Package,
    string Verification);

/// <summary>One thing verification checked.</summary>
/// <param name="Subject">What was checked: "manifest SNAP-000002", "evidence EV-1 v2 (policy.pdf)", "chain SNAP-000002 → SNAP-000001".</param>
/// <param name="Ok">True when it matched.</param>
/// <param name="Expected">The hash on record.</param>
/// <param name="Actual">The hash recomputed now (null when the thing is missing).</param>
public sealed record VerificationCheck(string Subject, bool Ok, string? Expected, string? Actual, string Detail);

/// <summary>The earliest snapshot of the chain at which it breaks, how, and the problem that names it (as in the list of problems).</summary>
/// <param name="Kind">HashLink (its manifest does not hash to what was recorded, or links wrongly), SignatureInvalid or SignatureMissing.</param>
public sealed record VerificationBreak(string SnapshotId, ChainBreakKind Kind, string Detail);

/// <summary>The answer of <c>GET /api/snapshots/{id}/verification</c>: every mismatch is named in <paramref name="Problems"/>.</summary>
/// <param name="CheckedAt">When the checks ran; a sealed snapshot's result is kept until something it read is written again, so this can be earlier than the request.</param>
/// <param name="FirstBreak">The earliest snapshot of the chain whose hash link or signature does not hold; null when none.</param>
/// <param name="UnsignedBeforeSigning">Snapshots of the chain sealed before signing began: unsigned, and not a break.</param>
public sealed record VerificationResponse(
    string SnapshotId,
    bool Verified,
    DateTimeOffset CheckedAt,
    string? ManifestSha256,
    int EvidenceChecked,
    int ChainLength,
    IReadOnlyList<string> Problems,
    IReadOnlyList<VerificationCheck> Checks,
    VerificationBreak? FirstBreak,
    IReadOnlyList<string> UnsignedBeforeSigning);
