using Isms.Core.Validation;
using Isms.Functions.Evidence;

namespace Isms.Functions.Pages;

/// <summary>
/// Evidence sent by a page's form (the upload page, an action's "attach evidence"), filed through
/// <see cref="EvidenceService"/> exactly as the API files it. The person's token is judged before the file is read;
/// a refusal comes back as the form again, with the errors beside the fields and what was typed still in them.
/// </summary>
public sealed class EvidenceForm(FormTokens tokens, EvidenceService evidence)
{
    public const string Name = "evidence";

    private static readonly IReadOnlySet<string> TokenField = new HashSet<string>([FormTokens.FieldName], StringComparer.Ordinal);

    /// <param name="check">The page's own rule for the fields (an action's page files only for that action), judged after the token.</param>
    /// <param name="shown">The fields the form shows; errors of other fields are said above it.</param>
    /// <param name="filed">The 303 once the evidence is stored.</param>
    /// <param name="render">The page again with the form's echo and this status.</param>
    public Task<IActionResult> FileAsync(
        HttpRequest request,
        PageContext page,
        Func<IReadOnlyDictionary<string, IReadOnlyList<string>>, Refusal?>? check,
        IReadOnlyCollection<string> shown,
        Func<EvidenceUploadResponse, IActionResult> filed,
        Func<FormEcho, int, Task<IActionResult>> render,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        return ReceiveAsync(request, page, Name, check, shown, guard => evidence.ReceiveAsync(page.Caller, request, null, cancellationToken, guard), filed, render);
    }

    /// <summary>
    /// A multipart form whose file a service receives with <paramref name="receive"/> (evidence, a document's version):
    /// the person's token is judged from the fields before the file is read, then <paramref name="check"/>; received,
    /// <paramref name="done"/>; refused, the page again with the errors beside the fields (a token that is not theirs, a
    /// page saying so).
    /// </summary>
    public async Task<IActionResult> ReceiveAsync<T>(
        HttpRequest request,
        PageContext page,
        string form,
        Func<IReadOnlyDictionary<string, IReadOnlyList<string>>, Refusal?>? check,
        IReadOnlyCollection<string> shown,
        Func<EvidenceFormGuard, Task<Outcome<T>>> receive,
        Func<T, IActionResult> done,
        Func<FormEcho, int, Task<IActionResult>> render)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(receive);
        ArgumentNullException.ThrowIfNull(done);
        ArgumentNullException.ThrowIfNull(render);
        IReadOnlyDictionary<string, IReadOnlyList<string>> sent = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var guard = new EvidenceFormGuard(TokenField, fields =>
        {
            sent = fields;
            return fields.TryGetValue(FormTokens.FieldName, out var token) && tokens.IsValid(token[0], page.Caller)
                ? check?.Invoke(fields)
                : Refusal.For(RefusalCode.Forbidden, FormTokens.FieldName, "The form did not carry this app's token for you (it was opened too long ago, by someone else, or sent from elsewhere), so nothing was filed. Reload the page and send the file again.");
        });
        var outcome = await receive(guard).ConfigureAwait(false);
        if (outcome.IsSuccess)
        {
            return done(outcome.Value);
        }

        if (outcome.Refusal.Code == RefusalCode.Forbidden && outcome.Refusal.Errors.ContainsKey(FormTokens.FieldName))
        {
            return await PageRenderer.MessageAsync(request, page, StatusCodes.Status403Forbidden, "Refused: the form has expired", outcome.Refusal.Message).ConfigureAwait(false);
        }

        // The reader names the body and the declared size; on a page both are the file field.
        var refusal = outcome.Refusal with
        {
            Errors = outcome.Refusal.Errors
                .GroupBy(e => e.Key is "body" or "size" ? "file" : e.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray(), StringComparer.Ordinal),
        };
        var values = sent.Where(f => f.Key != FormTokens.FieldName).ToDictionary(f => f.Key, f => (string?)string.Join(",", f.Value), StringComparer.Ordinal);
        return await PageRenderer.AnswerRefusalAsync(request, page, refusal, form, values, shown, render).ConfigureAwait(false);
    }
}
