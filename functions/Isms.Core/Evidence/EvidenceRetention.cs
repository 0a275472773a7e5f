namespace Isms.Core.Evidence;

/// <summary>
/// How long a piece of evidence must be kept (ISO/IEC 27001 clause 7.5.3): through its effective date
/// plus the retention period, and for as long as a legal hold is on it. Disposal is always a decision
/// taken on purpose; this only says whether it is allowed.
/// </summary>
public sealed class EvidenceRetention
{
    public EvidenceRetention(DateOnly effectiveDate, int retentionYears, bool legalHold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(retentionYears);
        EffectiveDate = effectiveDate;
        RetentionYears = retentionYears;
        LegalHold = legalHold;
    }

    public DateOnly EffectiveDate { get; }

    public int RetentionYears { get; }

    public bool LegalHold { get; }

    /// <summary>
    /// The last day the evidence must be kept. A 29 February effective date retains to 28 February.
    /// </summary>
    public DateOnly RetainUntil => EffectiveDate.AddYears(RetentionYears);

    public static EvidenceRetention For(DateOnly effectiveDate, EvidenceOptions options, bool legalHold)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new EvidenceRetention(effectiveDate, options.RetentionYears, legalHold);
    }

    /// <summary>True only when not on legal hold and <paramref name="today"/> is after <see cref="RetainUntil"/>.</summary>
    public bool IsDisposable(DateOnly today) => !LegalHold && today > RetainUntil;
}
