namespace Isms.Functions.Pages;

/// <summary>
/// Where each page is, relative to the app's root: what links in mails, Teams activities and the weekly card open
/// (through <see cref="Platform.IsmsOptions.Link"/>, which adds the sign-in in Azure), and what the old
/// <c>?format=html</c> routes redirect to.
/// </summary>
public static class PagePaths
{
    public const string Home = "";

    public const string MyWork = "my";

    public const string Controls = "controls";

    public const string Upload = "upload";

    public const string Certification = "certification";

    public const string Snapshots = "snapshots";

    public const string GapAnalysis = "gap-analysis";

    public const string Risks = "risks";

    /// <summary>Policies and procedures (7.5), and what each asks of people.</summary>
    public const string Documents = "documents";

    /// <summary>A document: its versions, and the button that acknowledges the one in force.</summary>
    public static string Document(string documentId) => "documents/" + Uri.EscapeDataString(documentId);

    /// <summary>A course: what it asks, and the form that records completing it.</summary>
    public static string Course(string courseId) => "courses/" + Uri.EscapeDataString(courseId);

    /// <summary>Nonconformities raised outside audits and the improvement log (10.1, 10.2).</summary>
    public const string Improvement = "improvement";

    /// <summary>The evidence collectors (issue 19).</summary>
    public const string Collectors = "collectors";

    /// <summary>A finding raised outside audits; one raised in an audit lives on its audit's page.</summary>
    public static string Finding(string findingId) => "findings/" + Uri.EscapeDataString(findingId);

    public const string ManagementReviews = "management-reviews";

    public static string ManagementReview(string reviewId) => "management-reviews/" + Uri.EscapeDataString(reviewId);

    /// <summary>A review's inputs pack, printable.</summary>
    public static string ReviewPack(string reviewId) => ManagementReview(reviewId) + "/pack";

    public static string Risk(string riskId) => "risks/" + Uri.EscapeDataString(riskId);

    public static string GapRequirement(string requirementId) => "gap-analysis/" + Uri.EscapeDataString(requirementId);

    public static string Action(string actionId) => "actions/" + Uri.EscapeDataString(actionId);

    public static string Audit(string auditId) => "audits/" + Uri.EscapeDataString(auditId);

    public static string Control(string controlId) => "controls/" + Uri.EscapeDataString(controlId);

    public static string Snapshot(string snapshotId) => "snapshots/" + Uri.EscapeDataString(snapshotId);
}
