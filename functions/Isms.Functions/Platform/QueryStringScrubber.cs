using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;

namespace Isms.Functions.Platform;

/// <summary>
/// Removes the query string from every outgoing HTTP call recorded in Application Insights: the Teams Workflows
/// webhook carries its signature there (<c>sig=</c>), and a SAS its token, and neither may reach the logs, where
/// more people read than may post to the channel or write to storage.
/// </summary>
public sealed class QueryStringScrubber : ITelemetryInitializer
{
    public void Initialize(ITelemetry telemetry)
    {
        if (telemetry is not DependencyTelemetry dependency)
        {
            return;
        }

        dependency.Data = WithoutQuery(dependency.Data);
        dependency.Name = WithoutQuery(dependency.Name);
    }

    /// <summary>The text up to its first <c>?</c>, which is where a URL's query begins.</summary>
    public static string? WithoutQuery(string? text) =>
        text is null ? null : text.IndexOf('?', StringComparison.Ordinal) is var at and >= 0 ? text[..at] : text;
}
