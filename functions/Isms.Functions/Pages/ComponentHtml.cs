using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Isms.Functions.Pages;

/// <summary>
/// Renders a Razor component to an HTML string with <see cref="HtmlRenderer"/>, which encodes every value: the one
/// way pages and mail bodies become HTML. The components take everything they show as parameters and inject nothing.
/// </summary>
public static class ComponentHtml
{
    private static readonly ServiceProvider Services = new ServiceCollection().AddLogging().BuildServiceProvider();

    public static async Task<string> RenderAsync<TComponent>(IReadOnlyDictionary<string, object?> parameters)
        where TComponent : IComponent
    {
        ArgumentNullException.ThrowIfNull(parameters);
        await using var renderer = new HtmlRenderer(Services, NullLoggerFactory.Instance);
        return await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(new Dictionary<string, object?>(parameters))).ConfigureAwait(false);
            return output.ToHtmlString();
        }).ConfigureAwait(false);
    }
}
