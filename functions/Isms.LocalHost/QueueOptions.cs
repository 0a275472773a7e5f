using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Isms.LocalHost;

/// <summary>
/// The queue extension's settings from host.json (<c>extensions.queues</c>), overridable by app settings such as
/// <c>AzureFunctionsJobHost__extensions__queues__visibilityTimeout</c>, exactly as the Functions host allows.
/// </summary>
/// <remarks>
/// As in the Functions host, a new batch is fetched once the messages still running fall to
/// <c>newBatchThreshold</c> (default: half a batch per core), so at most <c>batchSize + newBatchThreshold</c> run at once
/// and the function never waits for a batch's slowest message before the next one starts.
/// </remarks>
public sealed record QueueOptions(int BatchSize, int NewBatchThreshold, int MaxDequeueCount, TimeSpan VisibilityTimeout, TimeSpan MaxPollingInterval)
{
    public const string SectionPath = "AzureFunctionsJobHost:extensions:queues";

    public static QueueOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionPath);
        var batchSize = Math.Clamp(Int(section["batchSize"], 16), 1, 32);
        return new QueueOptions(
            batchSize,
            Math.Max(0, Int(section["newBatchThreshold"], Environment.ProcessorCount * batchSize / 2)),
            Math.Max(1, Int(section["maxDequeueCount"], 5)),
            Time(section["visibilityTimeout"], TimeSpan.Zero),
            Time(section["maxPollingInterval"], TimeSpan.FromMinutes(1)));
    }

    private static int Int(string? value, int fallback) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : fallback;

    private static TimeSpan Time(string? value, TimeSpan fallback) =>
        TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var parsed) ? parsed : fallback;
}
