namespace Isms.Core.Audits;

/// <summary>The current certificate: who issued it, when it was decided, when it expires, what it covers.</summary>
/// <remarks>The decision date anchors the surveillance and recertification audits of the three-year cycle.</remarks>
public sealed record CertificationRecord(
    string CertificationBody,
    DateOnly CertificationDecisionDate,
    DateOnly ExpiryDate,
    string Scope);
