using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Isms.Functions.Platform;

namespace Isms.TestSupport;

/// <summary>Calls the API as a given person with given roles, the way App Service Authentication would present them.</summary>
public sealed class ApiClient(HttpClient http, string upn, params string[] roles)
{
    public const string Admin = "isms.manager@contoso.example";

    public static ApiClient AdminOf(HttpClient http) => new(http, Admin, Roles.Admin);

    public ApiClient As(string otherUpn, params string[] otherRoles) => new(http, otherUpn, otherRoles);

    public Task<HttpResponseMessage> GetAsync(string path, string? ifMatch = null) => SendAsync(HttpMethod.Get, path, null, ifMatch);

    public Task<HttpResponseMessage> PostAsync(string path, object body, string? ifMatch = null) => SendAsync(HttpMethod.Post, path, JsonContent.Create(body), ifMatch);

    /// <summary>What a PUT or PATCH sends as If-Match unless the test names a version: "*", "whatever is current", said explicitly as the API requires (428 without it).</summary>
    public const string AnyVersion = "*";

    public Task<HttpResponseMessage> PutAsync(string path, object body, string? ifMatch = AnyVersion) => SendAsync(HttpMethod.Put, path, JsonContent.Create(body), ifMatch);

    public Task<HttpResponseMessage> PatchAsync(string path, object body, string? ifMatch = AnyVersion) => SendAsync(HttpMethod.Patch, path, JsonContent.Create(body), ifMatch);

    public Task<HttpResponseMessage> SendRawAsync(HttpMethod method, string path, string body, string contentType) =>
        SendAsync(method, path, new StringContent(body, Encoding.UTF8, MediaTypeHeaderValue.Parse(contentType)), method == HttpMethod.Post ? null : AnyVersion);

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, string? ifMatch, string? principalHeader = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Add(CallerReader.HeaderName, principalHeader ?? CallerReader.Encode(upn, roles));
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await http.SendAsync(request);
    }

    public static async Task<JsonObject> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    /// <summary>Every item of a list, following its <c>Link: rel="next"</c> pages as a client of the API does.</summary>
    public async Task<JsonArray> ArrayAsync(string path)
    {
        var all = new JsonArray();
        for (string? next = path; next is not null;)
        {
            using var response = await GetAsync(next);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {next}: {(int)response.StatusCode} {text}");
            foreach (var item in JsonNode.Parse(text)!.AsArray().ToList())
            {
                all.Add(item?.DeepClone());
            }

            next = NextPage(response);
        }

        return all;
    }

    /// <summary>The address in a <c>Link: &lt;…&gt;; rel="next"</c> header, relative to the API's base; null on the last page.</summary>
    public static string? NextPage(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!response.Headers.TryGetValues("Link", out var links))
        {
            return null;
        }

        var next = links.SelectMany(l => l.Split(',')).Select(l => l.Trim()).FirstOrDefault(l => l.EndsWith("rel=\"next\"", StringComparison.Ordinal));
        return next is null ? null : next[1..next.IndexOf('>', StringComparison.Ordinal)].TrimStart('/');
    }

    /// <summary>A page for people: no script, no framing, no caching of a page that names people.</summary>
    public static void AssertLockedDownPage(HttpResponseMessage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.True(page.Headers.CacheControl?.NoStore);
    }

    /// <summary>Asserts a problem-details answer with the status and, when given, an error for the named field.</summary>
    public static async Task<JsonObject> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status} but got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), "A problem must say what to do in its detail.");
        if (field is not null)
        {
            var errors = problem["errors"]?.AsObject();
            Assert.True(errors is not null && errors.ContainsKey(field), $"Expected an error for '{field}': {text}");
            Assert.False(string.IsNullOrWhiteSpace((string?)errors![field]![0]));
        }

        return problem;
    }
}
