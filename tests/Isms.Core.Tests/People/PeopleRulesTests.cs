using Isms.Core.Controls;
using Isms.Core.People;
using Isms.Core.Validation;

namespace Isms.Core.Tests.People;

public sealed class PeopleRulesTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private const string Group = "0b7f2c1e-0000-4000-8000-000000000001";
    private static readonly AudienceMember Ana = new("ana@contoso.example", "oid-ana", [Group]);

    private static PolicyDocument Document() => DocumentRules.Create("DOC-1", new DocumentChange
    {
        Title = "Acceptable use", Kind = DocumentKind.Policy, OwnerUpn = "owner@contoso.example", ReviewFrequency = ReviewFrequency.Annual,
        AudienceGroupIds = [Group.ToUpperInvariant()], RequiresAcknowledgement = true,
    }, Now).Value;

    private static PolicyDocument Upload(PolicyDocument document, bool major = false, string by = "writer@contoso.example") =>
        DocumentRules.AddVersion(document, new VersionUpload("EV-1", "aup.pdf", new string('a', 64), "Changes.", major, by, "oid-" + by), Now).Value;

    private static PolicyDocument Approve(PolicyDocument document, string number) =>
        DocumentRules.Approve(document, number, "admin@contoso.example", "oid-admin", "Isms.Admin", Now, Today).Value;

    [Fact]
    public void Versions_number_themselves_and_publishing_supersedes_the_one_before_and_sets_the_review_date()
    {
        var document = Approve(Upload(Document()), "1.0");
        document = Approve(Upload(document), "1.1");
        document = Upload(document, major: true);
        Assert.Equal(["1.0", "1.1", "2.0"], document.Versions.Select(v => v.Number));
        Assert.Equal([DocumentVersionStatus.Superseded, DocumentVersionStatus.Published, DocumentVersionStatus.Draft], document.Versions.Select(v => v.Status));
        Assert.Equal("1.0", document.AcknowledgedVersion!.Number);
        Assert.Equal(Today.AddMonths(12), document.NextReviewDate);
        Assert.Equal(Group, Assert.Single(document.AudienceGroupIds));
        Assert.Equal("2.0", Approve(document, "2.0").AcknowledgedVersion!.Number);
    }

    [Fact]
    public void The_author_never_approves_their_own_version_and_only_one_draft_waits()
    {
        var drafted = Upload(Document(), by: "admin@contoso.example");
        var refused = DocumentRules.Approve(drafted, "1.0", "ADMIN@contoso.example", "oid-admin@contoso.example", "Isms.Admin", Now, Today);
        Assert.Equal(RefusalCode.IndependenceRequired, refused.Refusal!.Code);
        var second = DocumentRules.AddVersion(drafted, new VersionUpload("EV-2", "b.pdf", "b", "More.", false, "x@contoso.example", null), Now);
        Assert.Equal(RefusalCode.InvalidTransition, second.Refusal!.Code);
        Assert.Equal(RefusalCode.NotFound, DocumentRules.Approve(drafted, "3.0", "y@contoso.example", null, "Isms.Admin", Now, Today).Refusal!.Code);
    }

    [Fact]
    public void A_review_that_changes_nothing_is_recorded_and_moves_the_next_review_a_frequency_on()
    {
        var unpublished = Upload(Document());
        Assert.Equal(RefusalCode.InvalidTransition, DocumentRules.Review(unpublished, "Still right.", "owner@contoso.example", null, "Document owner", Now, Today).Refusal!.Code);

        var published = Approve(unpublished, "1.0");
        Assert.Equal(["notes"], DocumentRules.Review(published, "  ", "owner@contoso.example", null, "Document owner", Now, Today).Refusal!.Errors.Keys);

        var later = Today.AddMonths(13);
        var reviewed = DocumentRules.Review(published, " Still matches how we work. ", "owner@contoso.example", "oid-owner", "Document owner", Now.AddMonths(13), later).Value;
        Assert.Equal(later.AddMonths(12), reviewed.NextReviewDate);
        var review = Assert.Single(reviewed.Reviews);
        Assert.Equal(("owner@contoso.example", "Document owner", "Still matches how we work.", later.AddMonths(12)), (review.ReviewerUpn, review.ReviewerRole, review.Notes, review.NextReviewDate));
        Assert.Equal("1.0", reviewed.Published!.Number);
    }

    [Fact]
    public void A_document_needs_its_fields_and_names_each_wrong_one()
    {
        var created = DocumentRules.Create("DOC-2", new DocumentChange { ControlIds = ["A.99"], Classification = "Secret", AudienceGroupIds = ["staff"], OwnerUpn = "nobody" }, Now);
        Assert.Equal(["audienceGroupIds", "classification", "controlIds", "kind", "ownerUpn", "reviewFrequency", "title"], created.Refusal!.Errors.Keys.Order());
    }

    [Fact]
    public void An_acknowledgement_counts_for_its_major_version_and_a_new_major_version_asks_again()
    {
        var asked = RequirementRules.Require(null, Ana, RequirementKind.Acknowledgement, "DOC-1", "AUP", "1.0", 0, 14, Today)!;
        Assert.Equal((RequirementState.Owed, Today.AddDays(14)), (asked.State(Today), asked.DueDate));
        Assert.Equal(RequirementState.Overdue, asked.State(Today.AddDays(15)));
        Assert.Equal(RefusalCode.InvalidTransition, RequirementRules.Acknowledge(asked, "2.0", Ana.Upn, Now, Today).Refusal!.Code);

        var done = RequirementRules.Acknowledge(asked, "1.0", Ana.Upn, Now, Today).Value;
        Assert.Equal(RequirementState.Done, done.State(Today.AddYears(3)));
        Assert.False(done.IsChased(Today));
        Assert.Null(RequirementRules.Require(done, Ana, RequirementKind.Acknowledgement, "DOC-1", "AUP", "1.0", 0, 14, Today.AddDays(1)));

        var major = RequirementRules.Require(done, Ana, RequirementKind.Acknowledgement, "DOC-1", "AUP", "2.0", 0, 14, Today.AddDays(30))!;
        Assert.Equal((RequirementState.Owed, Today.AddDays(44), "DOC-1@2.0"), (major.State(Today.AddDays(30)), major.DueDate, major.ItemId));
    }

    [Fact]
    public void Leaving_the_audience_keeps_the_record_and_stops_the_asking_and_rejoining_asks_again()
    {
        var asked = RequirementRules.Require(null, Ana, RequirementKind.Training, "CRS-1", "Awareness", null, 12, 30, Today)!;
        var left = RequirementRules.Leave(asked, Today.AddDays(3))!;
        Assert.Equal((RequirementState.NoLongerRequired, false), (left.State(Today.AddDays(100)), left.IsChased(Today.AddDays(100))));
        Assert.Null(RequirementRules.Leave(left, Today.AddDays(4)));
        var back = RequirementRules.Require(left, Ana, RequirementKind.Training, "CRS-1", "Awareness", null, 12, 30, Today.AddDays(60))!;
        Assert.Equal((RequirementState.Owed, Today.AddDays(90)), (back.State(Today.AddDays(60)), back.DueDate));
    }

    [Fact]
    public void Training_falls_due_again_a_frequency_after_the_last_completion_and_once_is_enough_at_frequency_zero()
    {
        var asked = RequirementRules.Require(null, Ana, RequirementKind.Training, "CRS-1", "Awareness", null, 12, 30, Today)!;
        var done = RequirementRules.Complete(asked, Today.AddDays(-3), Ana.Upn, "Self", null, Now, Today).Value;
        Assert.Equal((Today.AddDays(-3).AddMonths(12), RequirementState.Done), (done.DueDate, done.State(Today)));
        Assert.True(done.IsChased(Today), "a recurring course is chased ahead of its next round");
        Assert.Equal(RequirementState.Overdue, done.State(Today.AddDays(-3).AddMonths(12).AddDays(1)));
        Assert.Equal(RefusalCode.Invalid, RequirementRules.Complete(asked, Today.AddDays(1), Ana.Upn, "Self", null, Now, Today).Refusal!.Code);

        var once = RequirementRules.Require(null, Ana, RequirementKind.Training, "CRS-2", "Induction", null, 0, 30, Today)!;
        var onceDone = RequirementRules.Complete(once, Today, Ana.Upn, "Import", null, Now, Today).Value;
        Assert.Equal((RequirementState.Done, false), (onceDone.State(Today.AddYears(5)), onceDone.IsChased(Today)));
    }

    [Fact]
    public void A_csv_export_is_read_with_quotes_and_every_bad_line_is_named()
    {
        var ok = CompletionCsv.Parse("\uFEFFName,Email,Done\r\n\"Smith, Ana\",ana@contoso.example,2026-02-01\r\n\"Ben \"\"B\"\"\",ben@contoso.example,2026-02-02T10:00:00Z\r\n", "email", "DONE", Today);
        Assert.Equal([(2, "ana@contoso.example", new DateOnly(2026, 2, 1)), (3, "ben@contoso.example", new DateOnly(2026, 2, 2))], ok.Value.Select(r => (r.Line, r.Upn, r.CompletedOn)));

        var bad = CompletionCsv.Parse("upn,date\nana@contoso.example,yesterday\n,2026-01-01\nben@contoso.example,2026-01-01,extra\ncleo@contoso.example,2026-04-01\n", "upn", "date", Today);
        Assert.Equal(["line 2", "line 3", "line 4", "line 5"], bad.Refusal!.Errors.Keys.Order());
        Assert.Contains("in the future", bad.Refusal.Errors["line 5"][0], StringComparison.Ordinal);

        var multiline = CompletionCsv.Parse("note,upn,date\n\"two\nlines\",ana@contoso.example,2026-01-01\nx,bad,2026-01-01\n", "upn", "date", Today);
        Assert.Equal(["line 4"], multiline.Refusal!.Errors.Keys);
        Assert.Equal(["upnColumn"], CompletionCsv.Parse("user,date\nana@contoso.example,2026-01-01\n", "upn", "date", Today).Refusal!.Errors.Keys);
        Assert.Equal(["line 2"], CompletionCsv.Parse("upn,date\n\"ana@contoso.example,2026-01-01\n", "upn", "date", Today).Refusal!.Errors.Keys);
    }

    [Fact]
    public void A_sample_is_the_same_for_the_same_seed_and_people_whatever_their_order_or_case()
    {
        string[] people = ["a@x.example", "b@x.example", "c@x.example", "d@x.example", "e@x.example"];
        var first = PeopleFiguresRules.Sample(people, 3, 7);
        Assert.Equal(first, PeopleFiguresRules.Sample(people.Reverse().Select(p => p.ToUpperInvariant()), 3, 7));
        Assert.Equal(3, first.Distinct().Count());
        Assert.Equal(5, PeopleFiguresRules.Sample(people, 50, 7).Count);
    }

    [Fact]
    public void The_summary_counts_the_people_still_asked_per_subject_and_group()
    {
        var owed = RequirementRules.Require(null, Ana, RequirementKind.Acknowledgement, "DOC-1", "AUP", "1.0", 0, 14, Today)!;
        var ben = RequirementRules.Require(null, new AudienceMember("ben@contoso.example", null, [Group]), RequirementKind.Acknowledgement, "DOC-1", "AUP", "1.0", 0, 14, Today)!;
        var benDone = RequirementRules.Acknowledge(ben, "1.0", "ben@contoso.example", Now, Today).Value;
        var gone = RequirementRules.Leave(RequirementRules.Require(null, new AudienceMember("cleo@contoso.example", null, [Group]), RequirementKind.Acknowledgement, "DOC-1", "AUP", "1.0", 0, 14, Today)!, Today)!;
        var summary = PeopleFiguresRules.Summarise([owed, benDone, gone], Today.AddDays(20));
        Assert.Equal(new CompletionFigures(2, 1, 0, 1), summary.Acknowledgement);
        Assert.Equal(50, summary.Acknowledgement.Percent);
        Assert.Equal(["ana@contoso.example"], summary.OverduePeople);
        Assert.Equal(2, Assert.Single(summary.Groups).People);
    }
}
