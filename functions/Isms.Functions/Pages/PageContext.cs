using Isms.Functions.Platform;

namespace Isms.Functions.Pages;

/// <summary>What every page knows about the request it answers: who is signed in, the token its forms carry, today.</summary>
/// <param name="Caller">The signed-in person.</param>
/// <param name="FormToken">The antiforgery token for this person's forms (see <see cref="FormTokens"/>).</param>
/// <param name="Today">The organisation's today (Isms:TimeZone), from which due and overdue are counted.</param>
/// <param name="Notice">What the last form did, shown once after its 303 (one of <see cref="Notices"/>' texts), or null.</param>
/// <param name="Root">The path in front of the app (from Isms:PublicBaseUrl, e.g. <c>/isms</c> behind a gateway), or empty.</param>
public sealed record PageContext(Caller Caller, string FormToken, DateOnly Today, string? Notice, string Root = "")
{
    /// <summary>A link to one of the app's own routes (<c>/actions/CA-1</c>), with the path in front of the app kept.</summary>
    public string Href(string path) => Root + path;

    public bool IsAdmin => Caller.IsAdmin;

    public bool IsAuditor => Caller.IsAuditor;

    /// <summary>Reads the registers: every ISMS role does; a person without one reads what is theirs.</summary>
    public bool CanRead => Caller.IsAny(Access.Read);

    public bool CanContribute => Caller.IsAny(Access.Contribute);

    public bool CanAudit => Caller.IsAny(Access.Audit);
}

/// <summary>
/// The confirmations a page shows after a form has been saved. The 303 carries only a key (<c>?done=saved</c>), so
/// no text from a link is ever shown as if the app had said it.
/// </summary>
public static class Notices
{
    private static readonly Dictionary<string, string> Texts = new(StringComparer.Ordinal)
    {
        ["saved"] = "Your changes are saved.",
        ["implemented"] = "The action is marked implemented. An auditor will review its effectiveness.",
        ["snoozed"] = "The reminders are snoozed as you asked.",
        ["evidence"] = "The evidence is filed and linked.",
        ["finding"] = "The finding is raised and its first action is open.",
        ["raised"] = "The finding is raised. An observation or opportunity for improvement needs no corrective action.",
        ["opened"] = "The corrective action is open.",
        ["reviewed"] = "The effectiveness review is recorded.",
        ["sealed"] = "The snapshot is sealed.",
        ["certification"] = "The certification record is saved and the external audits of the cycle are planned.",
        ["action-raised"] = "The action is open; its owner is reminded and chased like any corrective action.",
        ["risk-created"] = "The risk is in the register. Its owner can now record the treatment and accept what remains.",
        ["risk-accepted"] = "Your acceptance of the residual risk is recorded.",
        ["risk-approved"] = "Your approval to retain the risk at these scores is recorded; its owner can now accept it.",
        ["review-planned"] = "The management review is planned. Record it here once it is held; its inputs pack is compiled below.",
        ["review-completed"] = "The management review is completed and sealed into a snapshot; it is now a record.",
        ["acknowledged"] = "Your acknowledgement is recorded. Thank you.",
        ["published"] = "The version is approved and published; the people it is for are asked to acknowledge it.",
        ["document-reviewed"] = "The review is recorded; the next one is due a review period from today.",
        ["document-registered"] = "The document is registered. Upload its first version below; someone other than you approves it.",
        ["course-added"] = "The course is added and everyone in its groups is asked to complete it.",
        ["version-uploaded"] = "The version is uploaded as a draft; it is published once someone other than its author approves it.",
        ["imported"] = "The completions are imported; the figures include them and the import is in the course's audit trail with the file's SHA-256.",
        ["trained"] = "Your completion is recorded.",
        ["collector-ran"] = "The collector ran; its outcome and the evidence it filed are below.",
        ["assessed"] = "The assessment is recorded; the earlier ones stay in the requirement's history.",
    };

    public static string? Text(string? key) => key is not null && Texts.TryGetValue(key, out var text) ? text : null;

    public static bool IsKnown(string key) => Texts.ContainsKey(key);
}
