using Isms.Functions.Platform;

namespace Isms.Functions.Registers;

/// <summary>The certification record over HTTP; recording it plans the external audits of the three-year cycle.</summary>
public sealed class CertificationFunctions(CallerReader callers, CertificationService certification)
{
    [Function("GetCertification")]
    [OpenApiOperation("The current certification record", "Certification")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(CertificationResponse))]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/certification")] HttpRequest request,
        CancellationToken cancellationToken) =>
        callers.TryAuthorize(request, Access.Read, out _, out var refusal)
            ? ApiResults.Ok(await certification.GetAsync(cancellationToken).ConfigureAwait(false), request)
            : refusal!;

    [Function("PutCertification")]
    [OpenApiOperation("Record the certification decision (ISMS admin); plans the cycle's surveillance and recertification audits", "Certification")]
    [OpenApiRequest(typeof(CertificationUpdate))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(CertificationResponse))]
    public async Task<IActionResult> Put(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "api/certification")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        if (!callers.TryAuthorize(request, Access.Admin, out var caller, out var refusal))
        {
            return refusal!;
        }

        var body = await JsonBody.ReadAsync<CertificationUpdate>(request, cancellationToken).ConfigureAwait(false);
        return body.IsValid
            ? ApiResults.Ok(await certification.RecordAsync(caller, body.Value!, IfMatch.From(request), cancellationToken).ConfigureAwait(false), request)
            : body.Problem!;
    }
}
