using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.CorrectiveActions;
using Isms.Core.Validation;

namespace Isms.Core.Tests.Registers;

public class ChangesTests
{
    [Fact]
    public void Identical_records_have_no_changes()
    {
        Assert.Empty(Changes.Between(TestData.Action(), TestData.Action()));
    }

    [Fact]
    public void Changed_fields_are_listed_with_camel_case_names_and_readable_values()
    {
        var before = TestData.Action();
        var after = before with
        {
            Status = CorrectiveActionStatus.InProgress,
            DueDate = new DateOnly(2026, 4, 30),
            RootCause = "No leaver process.",
        };

        var changes = Changes.Between(before, after);

        Assert.Equal(
            [
                new FieldChange("rootCause", null, "No leaver process."),
                new FieldChange("dueDate", "2026-04-04", "2026-04-30"),
                new FieldChange("status", "Open", "InProgress"),
            ],
            changes);
    }

    [Fact]
    public void Lists_compare_by_content_not_by_reference()
    {
        var before = TestData.Audit("A.5.15", "A.8.2");
        var same = before with { Scope = ["A.5.15", "A.8.2"] };
        var wider = before with { Scope = ["A.5.15", "A.8.2", "A.8.5"] };

        Assert.Empty(Changes.Between(before, same));
        var change = Assert.Single(Changes.Between(before, wider));
        Assert.Equal(new FieldChange("scope", """["A.5.15","A.8.2"]""", """["A.5.15","A.8.2","A.8.5"]"""), change);
    }

    [Fact]
    public void Computed_properties_are_not_reported()
    {
        var before = TestData.Audit();

        var changes = Changes.Between(before, before with { LeadAuditorUpn = "other@contoso.com" });

        Assert.Equal("leadAuditorUpn", Assert.Single(changes).Field);
    }

    [Fact]
    public void A_creation_lists_every_field_that_has_a_value()
    {
        var changes = Changes.Between(null, SoaEntry.ForNewControl("A.5.1"));

        Assert.Equal(["controlId", "applicable", "implementationStatus", "reviewFrequency", "riskRating"], changes.Select(c => c.Field));
        Assert.All(changes, c => Assert.Null(c.Before));
        Assert.Contains(new FieldChange("applicable", null, "true"), changes);
    }

    [Fact]
    public void A_new_effectiveness_review_shows_as_a_change_of_the_reviews()
    {
        var before = TestData.Action(CorrectiveActionStatus.Implemented);
        var after = TestData.Lifecycle().Review(before, TestData.Auditor, true, "Verified.").Value;

        var fields = Changes.Between(before, after).Select(c => c.Field);

        Assert.Equal(["status", "effectivenessReviews", "closedAt"], fields);
    }

    [Fact]
    public void Finding_changes_name_the_contract_fields()
    {
        var before = TestData.Finding();

        var change = Assert.Single(Changes.Between(before, before with { Type = FindingType.MajorNonconformity }));

        Assert.Equal(new FieldChange("type", "MinorNonconformity", "MajorNonconformity"), change);
    }
}
