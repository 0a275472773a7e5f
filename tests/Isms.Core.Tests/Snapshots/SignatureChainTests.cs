using Isms.Core.Snapshots;

namespace Isms.Core.Tests.Snapshots;

public sealed class SignatureChainTests
{
    private static ChainLink Link(int n, SignatureState signature, bool hashHolds = true) => new($"SNAP-{n:D6}", hashHolds, signature);

    [Fact]
    public void Snapshots_sealed_before_signing_are_unsigned_not_broken()
    {
        var judged = SignatureChain.Judge([Link(1, SignatureState.Missing), Link(2, SignatureState.Missing), Link(3, SignatureState.Valid), Link(4, SignatureState.Valid)]);

        Assert.Null(judged.FirstBreak);
        Assert.Equal(
            [SnapshotStanding.UnsignedBeforeSigning, SnapshotStanding.UnsignedBeforeSigning, SnapshotStanding.Verified, SnapshotStanding.Verified],
            judged.Links.Select(l => l.Standing));
    }

    [Fact]
    public void A_missing_signature_after_a_signed_snapshot_is_a_break()
    {
        var judged = SignatureChain.Judge([Link(1, SignatureState.Missing), Link(2, SignatureState.Valid), Link(3, SignatureState.Missing), Link(4, SignatureState.Valid)]);

        Assert.Equal(new LinkJudgement("SNAP-000003", SnapshotStanding.Broken, ChainBreakKind.SignatureMissing), judged.FirstBreak);
        Assert.Equal(SnapshotStanding.UnsignedBeforeSigning, judged.Links[0].Standing);
    }

    [Fact]
    public void An_invalid_signature_also_counts_as_signing_having_begun()
    {
        var judged = SignatureChain.Judge([Link(1, SignatureState.Invalid), Link(2, SignatureState.Missing)]);

        Assert.Equal(new LinkJudgement("SNAP-000001", SnapshotStanding.Broken, ChainBreakKind.SignatureInvalid), judged.FirstBreak);
        Assert.Equal(new LinkJudgement("SNAP-000002", SnapshotStanding.Broken, ChainBreakKind.SignatureMissing), judged.Links[1]);
    }

    [Fact]
    public void A_wrong_hash_link_is_the_break_whatever_the_signature_and_the_earliest_break_is_named()
    {
        var judged = SignatureChain.Judge([Link(1, SignatureState.Valid), Link(2, SignatureState.Valid, hashHolds: false), Link(3, SignatureState.Invalid)]);

        Assert.Equal(new LinkJudgement("SNAP-000002", SnapshotStanding.Broken, ChainBreakKind.HashLink), judged.FirstBreak);
        Assert.Equal(ChainBreakKind.SignatureInvalid, judged.Links[2].Break);
    }

    [Fact]
    public void A_signed_snapshot_whose_hash_is_wrong_still_marks_signing_as_begun()
    {
        var judged = SignatureChain.Judge([Link(1, SignatureState.Invalid, hashHolds: false), Link(2, SignatureState.Missing)]);

        Assert.Equal(ChainBreakKind.HashLink, judged.FirstBreak!.Break);
        Assert.Equal(ChainBreakKind.SignatureMissing, judged.Links[1].Break);
    }
}
