using System.Net;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Pages;

/// <summary>
/// The pages' old addresses under /api (in mails and cards sent before the pages moved) answer 301 to the pages,
/// for anyone, before any role check: a person without a role following an old reminder still reaches their action.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed class OldPageAddressTests(LocalHostFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.BaseAddress };

    private ApiClient Api => ApiClient.AdminOf(fixture.Client);

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task Every_old_page_address_moves_permanently_to_its_page()
    {
        var owner = $"old.link.{Guid.NewGuid():N}@contoso.example";
        var audit = await ApiClient.JsonAsync(await Api.PostAsync("api/audits", Audit()), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await Api.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Created);
        var action = await ApiClient.JsonAsync(await Api.PostAsync($"api/findings/{finding["id"]}/corrective-actions", Registers.RegisterData.Action(owner, "Revoke <script>alert(1)</script> & rotate keys")), HttpStatusCode.Created);
        var id = (string)action["id"]!;

        await AssertMovedAsync($"api/corrective-actions/{id}?format=html", $"/actions/{id}", owner);
        await AssertMovedAsync($"api/corrective-actions?ownerUpn={Uri.EscapeDataString(owner)}&format=html", "/my", owner);
        await AssertMovedAsync("api/corrective-actions?overdue=true&format=html", "/", owner);
        await AssertMovedAsync($"api/audits/{audit["id"]}?format=html", $"/audits/{audit["id"]}", owner);
        await AssertMovedAsync("api/soa?format=html", "/controls", owner);
        await AssertMovedAsync("api/upload", "/upload", owner);

        // Where the old reminder link now leads, the owner (no role) reads their action, every typed value encoded.
        using var page = await GetAsync($"/actions/{id}", owner);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        ApiClient.AssertLockedDownPage(page);
        Assert.Contains("Revoke &lt;script&gt;alert(1)&lt;/script&gt; &amp; rotate keys", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);

        await ApiClient.AssertProblemAsync(await Api.GetAsync($"api/audits/{audit["id"]}?format=csv"), HttpStatusCode.BadRequest, "format");
    }

    private async Task AssertMovedAsync(string oldAddress, string page, string upn)
    {
        using var moved = await GetAsync(oldAddress, upn);
        Assert.True(moved.StatusCode == HttpStatusCode.MovedPermanently, $"{oldAddress}: {(int)moved.StatusCode} {await moved.Content.ReadAsStringAsync()}");
        Assert.Equal(page, moved.Headers.Location?.OriginalString);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string upn)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(upn));
        return await _http.SendAsync(request);
    }
}
