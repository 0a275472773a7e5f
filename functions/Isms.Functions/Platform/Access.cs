namespace Isms.Functions.Platform;

/// <summary>
/// The one check every HTTP function starts with: a signed-in caller (else 401), a change not made from another site
/// (else 403), holding one of the roles the operation allows (else 403 naming them), and a PUT, PATCH or DELETE
/// naming the version it changes (else 428).
/// </summary>
public static class Access
{
    public static readonly string[] Read = [Roles.Admin, Roles.Auditor, Roles.Contributor, Roles.Reader];
    public static readonly string[] Audit = [Roles.Admin, Roles.Auditor];
    public static readonly string[] Admin = [Roles.Admin];
    public static readonly string[] Contribute = [Roles.Admin, Roles.Auditor, Roles.Contributor];

    /// <summary>
    /// Anyone signed in to the tenant, with or without an ISMS role: what they may do is then decided by the record
    /// (the owner of an action updates it), in the service that reads it.
    /// </summary>
    public static readonly string[] Person = [];

    /// <summary>The caller when allowed; otherwise the problem to answer.</summary>
    public static bool TryAuthorize(this CallerReader reader, HttpRequest request, string[] allowed, out Caller caller, out IActionResult? refusal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(allowed);
        var found = reader.Read(request);
        caller = found ?? new Caller(string.Empty, string.Empty, new HashSet<string>());
        if (found is null)
        {
            refusal = Problem.Unauthorized();
            return false;
        }

        if (CrossSite.Refusal(request) is { } crossSite)
        {
            refusal = crossSite;
            return false;
        }

        if (allowed.Length > 0 && !found.IsAny(allowed))
        {
            refusal = Problem.Forbidden(found.HasAnyRole
                ? $"This needs one of the roles {string.Join(", ", allowed)}; {found.Upn} has {string.Join(", ", found.Roles)}."
                : $"{found.Upn} has no ISMS role; ask the ISMS manager for one of {string.Join(", ", Roles.All)}.");
            return false;
        }

        if (IfMatchMissing(request) is { } required)
        {
            refusal = required;
            return false;
        }

        refusal = null;
        return true;
    }

    /// <summary>
    /// A PUT, PATCH or DELETE names the version it changes (<c>If-Match</c>, or <c>*</c> for whatever is current),
    /// so two editors never overwrite each other unknowingly: without it, 428 and nothing changes.
    /// </summary>
    private static ObjectResult? IfMatchMissing(HttpRequest request) =>
        (HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method))
        && string.IsNullOrWhiteSpace(request.Headers.IfMatch.ToString())
            ? Problem.PreconditionRequired(
                $"A {request.Method} needs If-Match: the etag of the version you read (GET it, the etag is in the body and the ETag header), or If-Match: * to change whatever is current. Nothing was changed.")
            : null;
}
