using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;
using static Isms.IntegrationTests.Registers.RegisterData;

namespace Isms.IntegrationTests.Pages;

/// <summary>
/// What a form on a page may change, asked over plain HTTP as curl or another site would: nothing without this
/// person's antiforgery token, nothing from another site (pages and API alike), and a change made meanwhile is
/// shown in words instead of overwritten. A form that is accepted answers 303 to its page.
/// </summary>
[Collection(LocalHostGroup.Name)]
public sealed partial class FormProtectionTests(LocalHostFixture fixture) : IDisposable
{
    private readonly HttpClient _http = new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Host.BaseAddress };

    private ApiClient Api => ApiClient.AdminOf(fixture.Client);

    public void Dispose() => _http.Dispose();

    [Fact]
    public async Task A_form_without_the_token_or_with_someone_elses_changes_nothing()
    {
        var (id, owner) = await ActionAsync();
        var (token, etag) = await OpenAsync(id, owner);
        var (othersToken, _) = await OpenAsync(id, "someone.else@contoso.example", Roles.Admin);

        using var bare = await PostAsync(id, owner, Form(null, etag, rootCause: "Nobody checked."));
        Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
        Assert.Contains("nothing was changed", await bare.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var borrowed = await PostAsync(id, owner, Form(othersToken, etag, rootCause: "Nobody checked."));
        Assert.Equal(HttpStatusCode.Forbidden, borrowed.StatusCode);

        using var forged = await PostAsync(id, owner, Form(token[..^4] + "AAAA", etag, rootCause: "Nobody checked."));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        Assert.Null((await ReadAsync(id))["rootCause"]);
    }

    [Fact]
    public async Task A_form_sent_from_another_site_changes_nothing_even_with_a_valid_token()
    {
        var (id, owner) = await ActionAsync();
        var (token, etag) = await OpenAsync(id, owner);

        using var fetchSite = await PostAsync(id, owner, Form(token, etag, rootCause: "Nobody checked."), ("Sec-Fetch-Site", "cross-site"));
        using var origin = await PostAsync(id, owner, Form(token, etag, rootCause: "Nobody checked."), ("Origin", "https://attacker.example"));
        using var nullOrigin = await PostAsync(id, owner, Form(token, etag, rootCause: "Nobody checked."), ("Origin", "null"));

        Assert.Equal(HttpStatusCode.Forbidden, fetchSite.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, origin.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, nullOrigin.StatusCode);
        Assert.Contains("another site", await origin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null((await ReadAsync(id))["rootCause"]);
    }

    [Fact]
    public async Task The_API_refuses_a_cross_site_change_but_not_a_script_without_browser_headers()
    {
        var (id, owner) = await ActionAsync();
        var ownerApi = Api.As(owner);

        using var crossSite = new HttpRequestMessage(HttpMethod.Patch, $"api/corrective-actions/{id}") { Content = System.Net.Http.Json.JsonContent.Create(new { rootCause = "From elsewhere." }) };
        crossSite.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(owner));
        crossSite.Headers.Add("Sec-Fetch-Site", "cross-site");
        crossSite.Headers.TryAddWithoutValidation("If-Match", "*");
        using var refused = await _http.SendAsync(crossSite);
        await ApiClient.AssertProblemAsync(refused, HttpStatusCode.Forbidden);
        Assert.Null((await ReadAsync(id))["rootCause"]);

        // The owner holds no ISMS role: a person acts on what they own, from a script as from the page.
        using var accepted = await ownerApi.PatchAsync($"api/corrective-actions/{id}", new { rootCause = "From a script." }, "*");
        Assert.Equal("From a script.", (string?)(await ApiClient.JsonAsync(accepted, HttpStatusCode.OK))["rootCause"]);
    }

    [Fact]
    public async Task An_accepted_form_answers_303_to_its_page_which_says_what_was_done()
    {
        var (id, owner) = await ActionAsync();
        var (token, etag) = await OpenAsync(id, owner);

        using var saved = await PostAsync(id, owner, Form(token, etag, rootCause: "HR never told IT.", actionPlan: "A leaver feed from HR."));

        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal($"/actions/{id}?done=saved", saved.Headers.Location?.OriginalString);
        var action = await ReadAsync(id);
        Assert.Equal("HR never told IT.", (string?)action["rootCause"]);
        Assert.Equal("A leaver feed from HR.", (string?)action["actionPlan"]);
        using var page = await GetAsync(saved.Headers.Location!.OriginalString, owner);
        Assert.Contains("Your changes are saved.", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_made_meanwhile_is_shown_in_words_with_the_current_values_and_is_not_overwritten()
    {
        var (id, owner) = await ActionAsync();
        var (token, etag) = await OpenAsync(id, owner);
        using var meanwhile = await Api.PatchAsync($"api/corrective-actions/{id}", new { rootCause = "Written by the ISMS manager." }, "*");
        Assert.Equal(HttpStatusCode.OK, meanwhile.StatusCode);

        using var stale = await PostAsync(id, owner, Form(token, etag, rootCause: "Written by the owner."));
        var html = await stale.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("changed since you opened it", html, StringComparison.Ordinal);
        Assert.Contains(">Written by the ISMS manager.</textarea>", html, StringComparison.Ordinal);
        Assert.Contains("Written by the owner.", html, StringComparison.Ordinal);
        Assert.Equal("Written by the ISMS manager.", (string?)(await ReadAsync(id))["rootCause"]);
    }

    [Fact]
    public async Task A_gate_not_met_is_shown_beside_its_field_in_words_and_the_action_stays_open()
    {
        var (id, owner) = await ActionAsync();
        var (token, etag) = await OpenAsync(id, owner);

        using var refused = await PostAsync(id, owner, Form(token, etag, rootCause: "HR never told IT.", status: "Implemented"));
        var html = await refused.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Matches(ErrorOf("actionPlan"), html);
        Assert.Contains("aria-describedby=\"actionPlan-hint actionPlan-error\"", html, StringComparison.Ordinal);
        Assert.Contains(">HR never told IT.</textarea>", html, StringComparison.Ordinal);
        Assert.Equal("Open", (string?)(await ReadAsync(id))["status"]);
    }

    [Fact]
    public async Task Evidence_attached_without_the_token_or_from_another_site_is_not_stored_and_with_it_is()
    {
        var (id, owner) = await ActionAsync();
        var (token, _) = await OpenAsync(id, owner);

        using var bare = await AttachAsync(id, owner, null);
        using var crossSite = await AttachAsync(id, owner, token, ("Sec-Fetch-Site", "cross-site"));
        using var elsewhere = await AttachAsync(id, owner, token, controlIds: "A.5.1");
        Assert.Equal(HttpStatusCode.Forbidden, bare.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, crossSite.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Contains("linked only to the finding's controls", WebUtility.HtmlDecode(await elsewhere.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Empty(await Api.ArrayAsync($"api/evidence?correctiveActionId={id}"));

        using var filed = await AttachAsync(id, owner, token);
        Assert.Equal(HttpStatusCode.SeeOther, filed.StatusCode);
        Assert.Equal($"/actions/{id}?done=evidence", filed.Headers.Location?.OriginalString);
        Assert.Single(await Api.ArrayAsync($"api/evidence?correctiveActionId={id}"));
    }

    [Fact]
    public async Task Another_instance_on_the_same_storage_accepts_the_token_and_a_path_in_front_of_the_app_is_kept()
    {
        // Instances share the data-protection keys through blob storage; behind a gateway at /isms the links and
        // the redirect after a form keep that path.
        var (id, owner) = await ActionAsync();
        var (token, etag) = await OpenAsync(id, owner);
        await using var second = await TestHost.StartAsync(fixture.StorageConnectionString, o => o.Settings["Isms:PublicBaseUrl"] = "https://gateway.example.net/isms/");
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = second.BaseAddress };

        using var post = new HttpRequestMessage(HttpMethod.Post, $"/actions/{id}") { Content = Form(token, etag, rootCause: "Accepted by the second instance.") };
        post.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(owner));
        using var saved = await http.SendAsync(post);
        Assert.Equal(HttpStatusCode.SeeOther, saved.StatusCode);
        Assert.Equal($"/isms/actions/{id}?done=saved", saved.Headers.Location?.OriginalString);
        Assert.Equal("Accepted by the second instance.", (string?)(await ReadAsync(id))["rootCause"]);

        using var get = new HttpRequestMessage(HttpMethod.Get, $"/actions/{id}");
        get.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(owner));
        using var page = await http.SendAsync(get);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("href=\"/isms/static/site.css\"", html, StringComparison.Ordinal);
        Assert.Contains($"action=\"/isms/actions/{id}/snooze\"", html, StringComparison.Ordinal);
        Assert.DoesNotMatch("(href|action)=\"/(?!isms/)", html);
    }

    private static Regex ErrorOf(string field) => new($"<p class=\"error\" id=\"{field}-error\">[^<]*action can be Implemented");

    private async Task<(string Id, string Owner)> ActionAsync()
    {
        var owner = $"person.{Guid.NewGuid():N}@contoso.example";
        var audit = await ApiClient.JsonAsync(await Api.PostAsync("api/audits", Audit()), HttpStatusCode.Created);
        var finding = await ApiClient.JsonAsync(await Api.PostAsync($"api/audits/{audit["id"]}/findings", Finding()), HttpStatusCode.Created);
        var action = await ApiClient.JsonAsync(await Api.PostAsync($"api/findings/{finding["id"]}/corrective-actions", Registers.RegisterData.Action(owner)), HttpStatusCode.Created);
        return ((string)action["id"]!, owner);
    }

    private async Task<JsonObject> ReadAsync(string id) =>
        await ApiClient.JsonAsync(await Api.GetAsync($"api/corrective-actions/{id}"), HttpStatusCode.OK);

    /// <summary>Opens the action page as <paramref name="upn"/> and reads the token and version its forms carry.</summary>
    private async Task<(string Token, string Etag)> OpenAsync(string id, string upn, params string[] roles)
    {
        using var page = await GetAsync($"/actions/{id}", upn, roles);
        var html = await page.Content.ReadAsStringAsync();
        Assert.True(page.StatusCode == HttpStatusCode.OK, html);
        var token = TokenField().Match(html);
        var etag = EtagField().Match(html);
        Assert.True(token.Success && etag.Success, "The page's forms carry no token or no version:\n" + html);
        return (WebUtility.HtmlDecode(token.Groups[1].Value), WebUtility.HtmlDecode(etag.Groups[1].Value));
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string upn, params string[] roles)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(upn, roles));
        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> PostAsync(string id, string upn, FormUrlEncodedContent form, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/actions/{id}") { Content = form };
        request.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(upn));
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await _http.SendAsync(request);
    }

    private async Task<HttpResponseMessage> AttachAsync(string id, string upn, string? token, (string Name, string Value)? header = null, string controlIds = "A.5.18")
    {
        // The fields in the order the page's form sends them: token and links first, the file last.
        var form = new MultipartFormDataContent();
        if (token is not null)
        {
            form.Add(new StringContent(token), "__antiforgery");
        }

        form.Add(new StringContent(id), "correctiveActionId");
        form.Add(new StringContent(controlIds), "controlIds");
        form.Add(new StringContent("Leaver feed, first week"), "description");
        var file = new ByteArrayContent("user,left,disabled\nalex,2026-02-27,2026-02-27\n"u8.ToArray());
        file.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "leaver-feed.csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/actions/{id}/evidence") { Content = form };
        request.Headers.Add(CallerReader.HeaderName, CallerReader.Encode(upn));
        if (header is { } h)
        {
            request.Headers.TryAddWithoutValidation(h.Name, h.Value);
        }

        return await _http.SendAsync(request);
    }

    private static FormUrlEncodedContent Form(string? token, string etag, string? rootCause = null, string? actionPlan = null, string status = "Open")
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("etag", etag),
            new("correction", "Disabled the leavers' accounts."),
            new("rootCause", rootCause ?? string.Empty),
            new("actionPlan", actionPlan ?? string.Empty),
            new("status", status),
        };
        if (token is not null)
        {
            fields.Add(new("__antiforgery", token));
        }

        return new FormUrlEncodedContent(fields);
    }

    [GeneratedRegex("name=\"__antiforgery\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    [GeneratedRegex("name=\"etag\" value=\"([^\"]+)\"")]
    private static partial Regex EtagField();
}
