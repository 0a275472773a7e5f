namespace Isms.Core.Evidence;

/// <summary>How current a control's evidence is (the values of <c>GET /api/evidence-freshness</c>).</summary>
public enum EvidenceFreshnessState
{
    /// <summary>The latest evidence covers today with more than the warning period to spare.</summary>
    Fresh,

    /// <summary>The latest evidence still covers today but stops covering within the warning period.</summary>
    DueSoon,

    /// <summary>The latest evidence no longer covers today.</summary>
    Stale,

    /// <summary>There is no evidence at all.</summary>
    Missing,
}
