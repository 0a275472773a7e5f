using System.Net;
using Isms.IntegrationTests.Infrastructure;

namespace Isms.IntegrationTests.Risks;

/// <summary>The SoA traced to its reasons: the risks that chose a control, the obligations recorded on it, and the rating its risks give.</summary>
[Collection(LocalHostGroup.Name)]
public sealed class SoaTraceTests(LocalHostFixture fixture)
{
    private ApiClient Api => ApiClient.AdminOf(fixture.Client);

    [Fact]
    public async Task A_control_shows_the_risks_that_chose_it_takes_their_rating_and_cannot_be_excluded()
    {
        var risk = await ApiClient.JsonAsync(await Api.PostAsync("api/risks", new
        {
            title = "Eavesdropping on the VPN",
            asset = "Remote access",
            threat = "Interception",
            vulnerability = "Legacy ciphers allowed",
            ownerUpn = "net.owner@contoso.example",
            likelihood = 4,
            impact = 4,
            treatment = new { option = "Modify", controlIds = new[] { "A.8.21" }, residualLikelihood = 3, residualImpact = 5 },
        }), HttpStatusCode.Created);

        var control = await ApiClient.JsonAsync(await Api.PutAsync("api/controls/A.8.21", new
        {
            applicable = true,
            implementationStatus = "Partial",
            riskRating = "Low",
            reasons = new[] { new { kind = "Contractual", reference = "MSA with Fabrikam", note = "Clause 12: encrypted remote access." } },
        }), HttpStatusCode.OK);
        Assert.Equal("High", (string?)control["riskRating"]);
        Assert.True((bool)control["riskRatingDerived"]!);
        Assert.Equal([("Risk", (string?)risk["id"]), ("Contractual", "MSA with Fabrikam")], control["reasons"]!.AsArray().Select(r => ((string?)r!["kind"], (string?)r["reference"])));
        Assert.Contains(await Api.ArrayAsync("api/soa"), c => (string?)c!["id"] == "A.8.21" && c["reasons"]!.AsArray().Count == 2);

        // Overridden with a reason, the rating set by hand stands; a later PUT without reasons keeps the obligations.
        var overridden = await ApiClient.JsonAsync(await Api.PutAsync("api/controls/A.8.21", new { applicable = true, implementationStatus = "Partial", riskRating = "Medium", riskRatingReason = "Only the admin VPN is in scope." }), HttpStatusCode.OK);
        Assert.Equal(("Medium", false), ((string?)overridden["riskRating"], (bool)overridden["riskRatingDerived"]!));
        Assert.Equal(2, overridden["reasons"]!.AsArray().Count);

        await ApiClient.AssertProblemAsync(await Api.PutAsync("api/controls/A.8.21", new { applicable = false, justification = "No VPN.", implementationStatus = "NotStarted" }), HttpStatusCode.BadRequest, "applicable");
        await ApiClient.AssertProblemAsync(await Api.PutAsync("api/controls/A.8.21", new { applicable = true, implementationStatus = "Partial", reasons = new[] { new { kind = "Legal", reference = "NIS2" } } }), HttpStatusCode.BadRequest, "reasons");
        await ApiClient.AssertProblemAsync(await Api.PutAsync("api/controls/A.8.21", new { applicable = true, implementationStatus = "Partial", reasons = new[] { new { kind = "Risk", reference = "RISK-X", note = "n" } } }), HttpStatusCode.BadRequest, "reasons");
        Assert.True((bool)(await ApiClient.JsonAsync(await Api.GetAsync("api/controls/A.8.21"), HttpStatusCode.OK))["applicable"]!);
    }
}
