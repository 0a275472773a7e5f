namespace Isms.Core.Validation;

/// <summary>Why the domain refused a change; the HTTP layer maps each code to a status.</summary>
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
}
