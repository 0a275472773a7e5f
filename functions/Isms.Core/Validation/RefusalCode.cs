namespace Isms.Core.Validation;

/// <summary>
/// Why an operation was refused: by the domain (a field, a gate, a transition) or by the application service
/// around it (the record is not there, the caller may not touch it, it changed meanwhile). The API maps each
/// code to a status, the pages to words beside the form.
/// </summary>
public enum RefusalCode
{
    /// <summary>A field value is wrong (suggested HTTP 400 with <c>errors</c>).</summary>
    Invalid,

    /// <summary>A lifecycle gate of clause 10.2 is not met yet (suggested HTTP 409).</summary>
    GateNotMet,

    /// <summary>The record's current status does not allow that change (suggested HTTP 409).</summary>
    InvalidTransition,

    /// <summary>The person may not do this to their own work, e.g. review their own action (suggested HTTP 409).</summary>
    IndependenceRequired,

    /// <summary>The record named does not exist (HTTP 404).</summary>
    NotFound,

    /// <summary>The caller may not do this to this record: it is not theirs, or their role does not reach it (HTTP 403).</summary>
    Forbidden,

    /// <summary>The record changed since the caller read it; their change was not applied (HTTP 412).</summary>
    Stale,

    /// <summary>The request is larger than allowed (HTTP 413).</summary>
    TooLarge,

    /// <summary>The content is not of a kind accepted here (HTTP 415).</summary>
    UnsupportedContent,

    /// <summary>The record is there but what it points at is gone, e.g. an evidence file deleted from storage (HTTP 410).</summary>
    Gone,

    /// <summary>The content is well formed but harmful, e.g. a file a malware scan flagged (HTTP 422).</summary>
    Harmful,
}
