using System.Globalization;
using Isms.Functions.Risks;

namespace Isms.Functions.Pages.Risks;

/// <summary>A risk's page, rendered for a GET and again for a form it refuses (with what was typed and why).</summary>
public sealed class RiskPageView(RiskService risks)
{
    public async Task<IActionResult> RenderAsync(HttpRequest request, PageContext page, string riskId, FormEcho? echo, int status, CancellationToken cancellationToken)
    {
        var risk = await risks.GetAsync(page.Caller, riskId, cancellationToken).ConfigureAwait(false);
        if (!risk.IsSuccess)
        {
            return await PageRenderer.RefusedAsync(request, page, risk.Refusal).ConfigureAwait(false);
        }

        return await PageRenderer.RenderAsync<RiskPage>(request, page, new Dictionary<string, object?>
        {
            ["Risk"] = risk.Value,
            ["Matrix"] = risks.Matrix(),
            ["Echo"] = echo,
        }, status).ConfigureAwait(false);
    }

    public static int? Level(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var level))
        {
            return level;
        }

        errors[field] = ["Choose a level."];
        return null;
    }
}
