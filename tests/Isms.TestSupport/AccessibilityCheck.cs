using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Playwright;

namespace Isms.TestSupport;

/// <summary>One rule axe-core found broken, with the elements that break it.</summary>
public sealed record AxeViolation(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("impact")] string? Impact,
    [property: JsonPropertyName("help")] string Help,
    [property: JsonPropertyName("helpUrl")] string HelpUrl,
    [property: JsonPropertyName("targets")] IReadOnlyList<string> Targets);

/// <summary>
/// Runs axe-core (the npm package pinned in <c>node/package.json</c>) on a page for the WCAG 2.0, 2.1 and 2.2
/// A and AA rules. axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy does
/// not govern, so the page is checked exactly as it is served: a script tag would need the policy switched off.
/// The page's context must run script: axe awaits timers, which never fire with JavaScript disabled (the check
/// would wait for ever), so a page reached without script is checked again at its address in a context with script.
/// </summary>
public static class AccessibilityCheck
{
    public static readonly IReadOnlyList<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

    private static readonly Lazy<string> AxeSource = new(() =>
    {
        var path = Path.Combine(AppContext.BaseDirectory, "axe", "axe.min.js");
        Assert.True(File.Exists(path), $"axe-core is missing at {path}: the build of Isms.TestSupport installs it with npm ci (node/package.json).");
        return File.ReadAllText(path);
    });

    /// <summary>Every violation axe finds on the page as it stands, whatever its impact.</summary>
    public static async Task<IReadOnlyList<AxeViolation>> RunAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);

        // As a function body, axe's bundle defines window.axe in the page's own world.
        await page.EvaluateAsync("() => {\n" + AxeSource.Value + "\n}");
        var violations = await page.EvaluateAsync<JsonElement>(
            """
            async tags => {
              const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
              return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                targets: v.nodes.map(n => n.target.join(' '))
              }));
            }
            """,
            WcagTags);
        return violations.Deserialize<AxeViolation[]>()!;
    }

    /// <summary>Fails the test listing every serious or critical violation on the page: rule, impact, help and the elements.</summary>
    public static async Task AssertNoSeriousViolationsAsync(IPage page)
    {
        var serious = (await RunAsync(page)).Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, Describe(page.Url, serious));
    }

    private static string Describe(string url, List<AxeViolation> violations)
    {
        var text = new StringBuilder($"{violations.Count} serious or critical accessibility violation(s) on {url}:");
        foreach (var violation in violations)
        {
            text.Append("\n- ").Append(violation.Id).Append(" (").Append(violation.Impact).Append("): ").Append(violation.Help)
                .Append(' ').Append(violation.HelpUrl);
            foreach (var target in violation.Targets)
            {
                text.Append("\n    ").Append(target);
            }
        }

        return text.ToString();
    }
}
