using Isms.LocalHost;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Isms.LocalHost.Tenant;

namespace Isms.TestSupport;

/// <summary>One request the fake received and what it answered.</summary>
public sealed record GraphCall(string Kind, string Method, string Path, string? Mailbox, string? Authorization, string Body, int Status, DateTimeOffset At);

/// <summary>An Entra group of the fake directory: its name, its users (UPNs) and the groups nested in it.</summary>
public sealed record FakeGroup(string DisplayName, IReadOnlyList<string> Members, IReadOnlyList<string> NestedGroups)
{
    public FakeGroup(string displayName, params string[] members)
        : this(displayName, members, [])
    {
    }
}

/// <summary>A mail the fake accepted (answered 202).</summary>
public sealed record FakeMail(string Sender, string Subject, string Html, IReadOnlyList<string> To, IReadOnlyList<string> Cc, bool SaveToSentItems, string? Key);

/// <summary>A Teams activity the fake accepted (answered 204).</summary>
public sealed record FakeActivity(string Recipient, string ActivityType, string PreviewText, string? WebUrl, IReadOnlyDictionary<string, string> TemplateParameters);

/// <summary>
/// A loopback stand-in for the part of Microsoft Graph the app uses: sendMail, sendActivityNotification,
/// the manager of a user and the user itself. It records every request, wants a bearer token, and can be
/// told to throttle (429 with Retry-After), fail (503), not know a user (404), be slow, cap concurrent
/// requests per mailbox as Exchange does, or stop answering mail after a number of sends.
/// </summary>
public sealed class FakeGraphServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<(string Kind, int Status, int RetryAfterSeconds)> _scripted = new();
    private readonly Lock _gate = new();
    private int _acceptedMails;

    private FakeGraphServer(WebApplication app, Uri root)
    {
        _app = app;
        BaseUrl = new Uri(root, "v1.0");
    }

    /// <summary>What the app's Graph:BaseUrl is set to.</summary>
    public Uri BaseUrl { get; }

    public ConcurrentQueue<GraphCall> Calls { get; } = new();

    /// <summary>Anything the fake itself failed on (a request it could not read), for the test's failure message.</summary>
    public ConcurrentQueue<string> Errors { get; } = new();

    public ConcurrentQueue<FakeMail> Mails { get; } = new();

    public ConcurrentQueue<FakeActivity> Activities { get; } = new();

    /// <summary>Line managers by user (UPN, case-insensitive); a user not listed has none (404).</summary>
    public ConcurrentDictionary<string, string> Managers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Users the directory does not know: 404 for them, their manager and their Teams feed.</summary>
    public ConcurrentDictionary<string, bool> UnknownUsers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Users whose account is disabled (accountEnabled false).</summary>
    public ConcurrentDictionary<string, bool> DisabledUsers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Mail addresses the directory holds where they differ from the UPN.</summary>
    public ConcurrentDictionary<string, string> MailAddresses { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>B2B guests (userType Guest).</summary>
    public ConcurrentDictionary<string, bool> GuestUsers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Object ids the directory gives users; a user not listed has the id the app's development directory derives from
    /// the address, so a principal header without <c>oid</c> (which the local host gives that same id) is that user.
    /// </summary>
    public ConcurrentDictionary<string, string> ObjectIds { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The object id the fake directory gives <paramref name="upn"/>.</summary>
    public string ObjectIdOf(string upn)
    {
        var id = ObjectIds.TryGetValue(upn, out var set) ? set : Isms.Functions.Platform.DevelopmentIdentity.ObjectIdFor(upn);
        _handedOut[id] = upn;
        return id;
    }

    /// <summary>The users behind the object ids the fake has answered, so a request addressed by id is recorded by UPN.</summary>
    private readonly ConcurrentDictionary<string, string> _handedOut = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Entra groups by object id: their users and the groups nested in them.</summary>
    public ConcurrentDictionary<string, FakeGroup> Groups { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The most users one page of a group's members holds (Graph's is 999 with $top, 100 without).</summary>
    public int GroupPageSize { get; set; } = 100;

    /// <summary>Application permissions the app is not granted: requests needing them get 403.</summary>
    public ConcurrentDictionary<string, bool> DeniedPermissions { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The tenant the evidence collectors read (MFA registration, conditional access, roles, guests, applications,
    /// Secure Score, devices), answered by <see cref="TenantGraph"/> as the demo's Graph answers it.
    /// </summary>
    public TenantData Tenant { get; set; } = new();

    /// <summary>The most entries one page of a tenant list holds (or <c>$top</c> when smaller).</summary>
    public int TenantPageSize { get; set; } = 999;

    /// <summary>Added to every answer.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>More concurrent requests than this for one mailbox get 429 (0: no limit).</summary>
    public int MaxConcurrentPerMailbox { get; set; }

    /// <summary>Messages one mailbox may send in <see cref="MailboxMessageWindow"/> (Exchange: 10,000 per 10 minutes); beyond, 429 with Retry-After (0: no limit).</summary>
    public int MailboxMessageLimit { get; set; }

    public TimeSpan MailboxMessageWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Mails refused because their mailbox had sent its window's worth.</summary>
    public int QuotaViolations => Calls.Count(c => c.Kind == "sendMail-quota");

    /// <summary>False: mails and calls are kept without their bodies (a benchmark of tens of thousands of mails measures the app, not the fake).</summary>
    public bool KeepBodies { get; set; } = true;

    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Requests refused because a mailbox had too many in flight.</summary>
    public int ConcurrencyViolations => Calls.Count(c => c.Status == 429 && c.Kind.EndsWith("-concurrency", StringComparison.Ordinal));

    /// <summary>After this many accepted mails, further sendMail requests hang until the client gives up (a stuck run).</summary>
    public int? HangMailsAfter { get; set; }

    public int HangingMails { get; private set; }

    public static async Task<FakeGraphServer> StartAsync()
    {
        FakeGraphServer? server = null;
        var (app, root) = await LoopbackApp.StartAsync(app => app.Run(context => server!.HandleAsync(context)));
        server = new FakeGraphServer(app, root);
        return server;
    }

    /// <summary>
    /// The next <paramref name="count"/> requests of a kind ("sendMail", "teams", "manager", "user", or a tenant list:
    /// "registrationDetails", "conditionalAccessPolicies", "roleAssignments", "roleEligibility", "users", "applications",
    /// "secureScores", "secureScoreControlProfiles", "managedDevices") get this status.
    /// </summary>
    public void Script(string kind, int status, int count = 1, int retryAfterSeconds = 0)
    {
        for (var i = 0; i < count; i++)
        {
            _scripted.Enqueue((kind, status, retryAfterSeconds));
        }
    }

    public IReadOnlyList<GraphCall> CallsOf(string kind) => [.. Calls.Where(c => c.Kind == kind)];

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        // The Graph SDK gzips request bodies, as Graph allows.
        var content = request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
            ? new System.IO.Compression.GZipStream(request.Body, System.IO.Compression.CompressionMode.Decompress)
            : request.Body;
        var body = await new StreamReader(content).ReadToEndAsync(context.RequestAborted);
        var segments = request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries).Select(Uri.UnescapeDataString).ToArray();
        var user = segments.Length >= 3 && segments[0] == "v1.0" && segments[1].Equals("users", StringComparison.OrdinalIgnoreCase) ? segments[2] : null;
        if (user is not null && _handedOut.TryGetValue(user, out var upn))
        {
            user = upn;
        }

        var isGroup = segments.Length >= 3 && segments[1].Equals("groups", StringComparison.OrdinalIgnoreCase);
        var tenantList = segments.Length >= 2 && segments[0] == "v1.0" ? TenantGraph.Match(request.Method, segments[1..], request.Query) : null;
        var kind = (request.Method, segments.Length, segments.ElementAtOrDefault(3), segments.ElementAtOrDefault(4)) switch
        {
            _ when tenantList is not null => tenantList.Kind,
            ("GET", 3, _, _) when isGroup => "group",
            ("GET", >= 4, "transitiveMembers", _) when isGroup => "groupMembers",
            ("POST", 4, "sendMail", _) => "sendMail",
            ("POST", 5, "teamwork", "sendActivityNotification") => "teams",
            ("GET", 4, "manager", _) => "manager",
            ("GET", 3, _, _) => "user",
            _ => "unknown",
        };
        var authorization = request.Headers.Authorization.ToString();

        var inFlight = user is null ? 0 : _inFlight.AddOrUpdate(user, 1, (_, n) => n + 1);
        try
        {
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, context.RequestAborted);
            }

            int status;
            if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization.Length <= "Bearer ".Length)
            {
                status = await ErrorAsync(context, 401, "InvalidAuthenticationToken", "Access token is empty.");
            }
            else if (MaxConcurrentPerMailbox > 0 && inFlight > MaxConcurrentPerMailbox)
            {
                context.Response.Headers.RetryAfter = "1";
                status = await ErrorAsync(context, 429, "ApplicationThrottled", "MailboxConcurrency limit hit.");
                kind += "-concurrency";
            }
            else if (kind == "sendMail" && QuotaSpent(user!) is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                status = await ErrorAsync(context, 429, "ApplicationThrottled", "Application is over its MailboxConcurrency limit.");
                kind += "-quota";
            }
            else if (tenantList is not null && tenantList.Permissions.FirstOrDefault(DeniedPermissions.ContainsKey) is not null)
            {
                status = await ErrorAsync(context, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
            }
            else if (isGroup && DeniedPermissions.ContainsKey("GroupMember.Read.All"))
            {
                status = await ErrorAsync(context, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");
            }
            else if (TakeScripted(kind) is { } scripted)
            {
                if (scripted.RetryAfterSeconds > 0 || scripted.Status == 429)
                {
                    context.Response.Headers.RetryAfter = scripted.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                status = await ErrorAsync(context, scripted.Status, scripted.Status == 429 ? "TooManyRequests" : "ServiceUnavailable", "Scripted failure.");
            }
            else if (tenantList is not null)
            {
                status = await TenantGraph.AnswerAsync(context, tenantList, Tenant, TenantPageSize);
            }
            else
            {
                status = await AnswerAsync(context, kind, user, body);
            }

            Calls.Enqueue(new GraphCall(kind, request.Method, request.Path.Value!, user, authorization, KeepBodies ? body : string.Empty, status, DateTimeOffset.UtcNow));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            Calls.Enqueue(new GraphCall(kind + "-aborted", request.Method, request.Path.Value!, user, authorization, body, 499, DateTimeOffset.UtcNow));
        }
        catch (Exception ex)
        {
            Errors.Enqueue($"{request.Method} {request.Path}: {ex}");
            throw;
        }
        finally
        {
            if (user is not null)
            {
                _inFlight.AddOrUpdate(user, 0, (_, n) => n - 1);
            }
        }
    }

    /// <summary>
    /// Counts a mail against its mailbox's sliding window: null when it may go (and it is counted), else how long until
    /// the oldest mail of the window leaves it.
    /// </summary>
    private TimeSpan? QuotaSpent(string mailbox)
    {
        if (MailboxMessageLimit <= 0)
        {
            return null;
        }

        var sent = _sent.GetOrAdd(mailbox, _ => new Queue<DateTimeOffset>());
        lock (sent)
        {
            var now = DateTimeOffset.UtcNow;
            while (sent.Count > 0 && now - sent.Peek() >= MailboxMessageWindow)
            {
                sent.Dequeue();
            }

            if (sent.Count >= MailboxMessageLimit)
            {
                return MailboxMessageWindow - (now - sent.Peek());
            }

            sent.Enqueue(now);
            return null;
        }
    }

    private (string Kind, int Status, int RetryAfterSeconds)? TakeScripted(string kind)
    {
        lock (_gate)
        {
            if (_scripted.TryPeek(out var next) && next.Kind == kind && _scripted.TryDequeue(out next))
            {
                return next;
            }

            return null;
        }
    }

    private async Task<int> AnswerAsync(HttpContext context, string kind, string? user, string body)
    {
        if (user is not null && UnknownUsers.ContainsKey(user))
        {
            return await ErrorAsync(context, 404, kind == "sendMail" ? "ErrorInvalidUser" : "Request_ResourceNotFound", $"Resource '{user}' does not exist or one of its queried reference-property objects are not present.");
        }

        switch (kind)
        {
            case "group":
                if (!Groups.TryGetValue(GroupIdOf(context), out var group))
                {
                    return await ErrorAsync(context, 404, "Request_ResourceNotFound", $"Resource '{GroupIdOf(context)}' does not exist or one of its queried reference-property objects are not present.");
                }

                await context.Response.WriteAsJsonAsync(new JsonObject { ["id"] = GroupIdOf(context), ["displayName"] = group.DisplayName });
                return 200;
            case "groupMembers":
                return await GroupMembersAsync(context, GroupIdOf(context));
            case "sendMail":
                lock (_gate)
                {
                    if (HangMailsAfter is { } limit && _acceptedMails >= limit)
                    {
                        HangingMails++;
                    }
                    else
                    {
                        _acceptedMails++;
                        var mail = ParseMail(user!, body);
                        Mails.Enqueue(KeepBodies ? mail : mail with { Html = string.Empty });
                        context.Response.StatusCode = 202;
                        return 202;
                    }
                }

                await Task.Delay(Timeout.Infinite, context.RequestAborted);
                return 0;
            case "teams":
                Activities.Enqueue(ParseActivity(user!, body));
                context.Response.StatusCode = 204;
                return 204;
            case "manager":
                if (!Managers.TryGetValue(user!, out var manager))
                {
                    return await ErrorAsync(context, 404, "Request_ResourceNotFound", "Resource 'manager' does not exist or one of its queried reference-property objects are not present.");
                }

                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["@odata.type"] = "#microsoft.graph.user",
                    ["id"] = Guid.NewGuid().ToString(),
                    ["userPrincipalName"] = manager,
                    ["mail"] = manager,
                });
                return 200;
            case "user":
                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["id"] = ObjectIdOf(user!),
                    ["userPrincipalName"] = user,
                    ["mail"] = MailAddresses.TryGetValue(user!, out var address) ? address : user,
                    ["accountEnabled"] = !DisabledUsers.ContainsKey(user!),
                    ["userType"] = GuestUsers.ContainsKey(user!) ? "Guest" : "Member",
                });
                return 200;
            default:
                return await ErrorAsync(context, 400, "BadRequest", "The fake does not know this request.");
        }
    }

    private static string GroupIdOf(HttpContext context) => Uri.UnescapeDataString(context.Request.Path.Value!.Split('/', StringSplitOptions.RemoveEmptyEntries)[2]);

    /// <summary>
    /// <c>/groups/{id}/transitiveMembers/microsoft.graph.user</c>: the users of the group and of the groups nested in it
    /// (each once), paged by <see cref="TenantGraph.WritePageAsync"/> at most <see cref="GroupPageSize"/> a page.
    /// </summary>
    private async Task<int> GroupMembersAsync(HttpContext context, string groupId)
    {
        if (!Groups.ContainsKey(groupId))
        {
            return await ErrorAsync(context, 404, "Request_ResourceNotFound", $"Resource '{groupId}' does not exist or one of its queried reference-property objects are not present.");
        }

        var users = new List<string>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var visited = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>([groupId]);
        while (pending.Count > 0)
        {
            var id = pending.Pop();
            if (!visited.Add(id) || !Groups.TryGetValue(id, out var g))
            {
                continue;
            }

            users.AddRange(g.Members.Where(seen.Add));
            foreach (var nested in g.NestedGroups)
            {
                pending.Push(nested);
            }
        }

        return await TenantGraph.WritePageAsync(context, "users", users, GroupPageSize, upn => new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.user",
            ["id"] = ObjectIdOf(upn),
            ["userPrincipalName"] = upn,
            ["accountEnabled"] = !DisabledUsers.ContainsKey(upn),
        });
    }

    private static Task<int> ErrorAsync(HttpContext context, int status, string code, string message) => TenantGraph.ErrorAsync(context, status, code, message);

    private static FakeMail ParseMail(string sender, string body)
    {
        // Graph reads property names case-insensitively, and the SDK writes some action bodies in PascalCase.
        var json = JsonNode.Parse(body, new JsonNodeOptions { PropertyNameCaseInsensitive = true })!;
        var message = json["message"]!;
        static List<string> Addresses(JsonNode? list) => list is JsonArray array ? [.. array.Select(r => (string)r!["emailAddress"]!["address"]!)] : [];
        var key = message["internetMessageHeaders"] is JsonArray headers
            ? headers.FirstOrDefault(h => (string?)h!["name"] == "X-Isms-Key")?["value"]?.GetValue<string>()
            : null;
        return new FakeMail(
            sender,
            (string?)message["subject"] ?? string.Empty,
            (string?)message["body"]?["content"] ?? string.Empty,
            Addresses(message["toRecipients"]),
            Addresses(message["ccRecipients"]),
            (bool?)json["saveToSentItems"] ?? true,
            key);
    }

    private static FakeActivity ParseActivity(string recipient, string body)
    {
        var json = JsonNode.Parse(body, new JsonNodeOptions { PropertyNameCaseInsensitive = true })!;
        var parameters = json["templateParameters"] is JsonArray list
            ? list.ToDictionary(p => (string)p!["name"]!, p => (string?)p!["value"] ?? string.Empty)
            : [];
        return new FakeActivity(recipient, (string?)json["activityType"] ?? string.Empty, (string?)json["previewText"]?["content"] ?? string.Empty, (string?)json["topic"]?["webUrl"], parameters);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>A credential that hands out a fixed token, so the fake can check that one is sent.</summary>
public sealed class FakeTokenCredential : Azure.Core.TokenCredential
{
    public const string Token = "fake-graph-token";

    public override Azure.Core.AccessToken GetToken(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        new(Token, DateTimeOffset.UtcNow.AddHours(1));

    public override ValueTask<Azure.Core.AccessToken> GetTokenAsync(Azure.Core.TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));
}
