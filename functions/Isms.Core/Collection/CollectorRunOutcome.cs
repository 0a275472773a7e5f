namespace Isms.Core.Collection;

/// <summary>How one run of a collector ended.</summary>
public enum CollectorRunOutcome
{
    /// <summary>Collected, and the rule says the control operated.</summary>
    Passed,

    /// <summary>Collected, and the rule says the control did not operate (the evidence is still filed).</summary>
    Failed,

    /// <summary>Nothing collected: a permission missing, a licence absent, Graph throttling past the retries, a fault.</summary>
    Error,
}

/// <summary>Why a collector could not collect, as the run records it and the ISMS manager is told.</summary>
public enum CollectorErrorKind
{
    MissingPermission,
    LicenceAbsent,
    Throttled,
    Fault,
}
