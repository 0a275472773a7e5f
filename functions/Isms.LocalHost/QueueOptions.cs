using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Isms.LocalHost;

/// <summary>
/// The queue extension's settings from host.json (<c>extensions.queues</c>), overridable by app settings such as
/// <c>AzureFunctionsJobHost__extensions__queues__visibilityTimeout</c>, exactly as the Functions host allows.
/// </summary>
public sealed record QueueOptions(int BatchSize, int MaxDequeueCount, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval)
{
    public const string SectionPath = "AzureFunctionsJobHost:extensions:queues";

    public static QueueOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionPath);
        return new QueueOptions(
            Math.Clamp(Int(section["batchSize"], 16), 1, 32),
            Math.Max(1, Int(section["maxDequeueCount"], 5)),
            Time(section["visibilityTimeout"], TimeSpan.Zero),
            Time(section["maxPollingInterval"], TimeSpan.FromMinutes(1)));
    }

    private static int Int(string? value, int fallback) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : fallback;

    private static TimeSpan Time(string? value, TimeSpan fallback) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) ? parsed : fallback;
}
