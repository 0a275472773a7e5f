using System.Text.Json.Serialization;
using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Isms.Core.CorrectiveActions;
using Isms.Core.Evidence;
using Isms.Core.Programme;
using Isms.Functions.Evidence;
using Isms.Core.Reminders;
using Isms.Functions.Chasing;
using Isms.Functions.Notifications;
using Isms.Functions.Platform;
using Isms.Functions.Programme;
using Isms.Functions.Registers;
using Isms.Functions.Snapshots;
using Isms.Functions.Storage;
using Isms.Functions.Summary;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Graph;

namespace Isms.Functions;

/// <summary>
/// The one place the app's services and Azure SDK clients are registered. The Functions host and the
/// local host both call <see cref="AddIsms"/>, so the two cannot wire the app differently.
/// </summary>
public static class Extensions
{
    public static IServiceCollection AddIsms(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName));
        services.AddOptions<GraphOptions>().Bind(configuration.GetSection(GraphOptions.SectionName));
        services.AddOptions<CorrectiveActionPolicy>().Bind(configuration.GetSection(CorrectiveActionPolicy.SectionName))
            .Validate(p => p.Validate().IsValid, "CorrectiveActions settings must all be at least 1 day.");
        services.AddOptions<IsmsOptions>().Bind(configuration.GetSection(IsmsOptions.SectionName));
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.SectionName));
        services.AddOptions<AuditProgrammeOptions>().Bind(configuration.GetSection(AuditProgrammeOptions.SectionName));
        services.AddOptions<EvidenceOptions>().Bind(configuration.GetSection(EvidenceOptions.SectionName))
            .Validate(o => o.Validate().Count == 0, "Evidence settings are out of range (see EvidenceOptions.Validate).");
        services.AddOptions<ChasingOptions>().Bind(configuration.GetSection(ChasingOptions.SectionName));
        services.AddOptions<GraphThrottlingOptions>().Bind(configuration.GetSection(GraphThrottlingOptions.SectionName));
        services.AddOptions<ReminderPolicy>().Bind(configuration.GetSection(ReminderPolicy.SectionName))
            .Validate(p => p.Validate().Count == 0, "Reminders settings are invalid; see ReminderPolicy.Validate.");

        // Clients are created on first use: a misconfigured account is reported by the health check and the
        // local host's start-up probe, never by a crash while the container is being built.
        services.TryAddSingleton(_ => StorageConnection.FromConfiguration(configuration));
        services.TryAddSingleton(sp => CreateTableService(sp.GetRequiredService<StorageConnection>()));
        services.TryAddSingleton(sp => CreateBlobService(sp.GetRequiredService<StorageConnection>()));
        services.TryAddSingleton(sp => CreateQueueService(sp.GetRequiredService<StorageConnection>()));
        services.TryAddSingleton<IsmsStorage>();
        services.TryAddSingleton(sp => GraphClientSetup.Create(
            sp.GetRequiredService<IOptions<GraphOptions>>().Value,
            sp.GetRequiredService<IOptions<GraphThrottlingOptions>>().Value,
            sp.GetService<TokenCredential>() ?? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = configuration["AZURE_CLIENT_ID"] })));

        // Graph when configured for it, else the outbox folder; tests may register a TokenCredential for a fake Graph.
        services.TryAddSingleton<OutboxChannel>();
        services.TryAddSingleton<GraphNotificationChannel>();
        services.TryAddSingleton<INotificationChannel>(sp => UsesGraph(sp) ? sp.GetRequiredService<GraphNotificationChannel>() : sp.GetRequiredService<OutboxChannel>());
        services.TryAddSingleton<IPeopleDirectory>(sp => UsesGraph(sp) ? new GraphPeopleDirectory(sp.GetRequiredService<GraphServiceClient>()) : new NoPeopleDirectory());
        services.TryAddSingleton(sp => new ReminderLadder(sp.GetRequiredService<IOptions<ReminderPolicy>>().Value));
        services.TryAddSingleton<CorrectiveActionSubjects>();
        services.TryAddSingleton<ReminderLedger>();
        services.TryAddSingleton<ReminderRunStore>();
        services.TryAddSingleton<IClientPrincipalTrust>(new AppServiceAuthenticationTrust(configuration));
        services.TryAddSingleton<CallerReader>();
        services.TryAddSingleton<AuditTrail>();
        services.TryAddSingleton<RecordStore>();
        services.TryAddSingleton<SoaRegister>();
        services.TryAddSingleton<AuditRegister>();
        services.TryAddSingleton<FindingRegister>();
        services.TryAddSingleton<CorrectiveActionRegister>();
        services.TryAddSingleton<SendLedger>();
        services.TryAddSingleton<ProgrammeStateReader>();
        services.TryAddSingleton<ProgrammeWriter>();
        services.TryAddSingleton<EvidenceRegister>();
        services.TryAddSingleton<EvidenceFiling>();
        services.TryAddSingleton<EvidenceDetailsValidator>();
        services.TryAddSingleton<StagedUploads>();
        services.TryAddSingleton<EvidenceFreshnessReport>();
        services.TryAddSingleton<IEvidenceCatalog, TableEvidenceCatalog>();
        services.TryAddSingleton<WeeklySummaryReader>();
        services.TryAddSingleton(sp => new TeamsChannelWebhook(
            new HttpClient(new RetryAfterHandler(sp.GetRequiredService<IOptions<GraphThrottlingOptions>>().Value)
            {
                InnerHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
            })
            {
                // Covers the handler's waits (by default up to 3 x 60 s) and stays under the send ledger's claim timeout.
                Timeout = TimeSpan.FromMinutes(5),
            },
            sp.GetRequiredService<IOptions<NotificationOptions>>(),
            sp.GetRequiredService<IOptions<GraphOptions>>(),
            sp.GetRequiredService<ILogger<TeamsChannelWebhook>>()));
        services.TryAddSingleton<SnapshotStore>();
        services.TryAddSingleton<SnapshotManifestWriter>();
        services.TryAddSingleton<SnapshotTaker>();
        services.TryAddSingleton<SnapshotVerifier>();
        services.TryAddSingleton<SnapshotPackage>();
        services.TryAddSingleton(sp => new CorrectiveActionLifecycle(sp.GetRequiredService<IOptions<CorrectiveActionPolicy>>().Value, sp.GetRequiredService<TimeProvider>()));

        services.Configure<JsonOptions>(options => IsmsJson.Configure(options.JsonSerializerOptions));
        return services;
    }

    /// <summary>Application Insights through OpenTelemetry-free worker telemetry, on only where Azure gives a connection string.</summary>
    public static FunctionsApplicationBuilder AddIsmsTelemetry(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
        {
            builder.Services.AddApplicationInsightsTelemetryWorkerService();
            builder.Services.ConfigureFunctionsApplicationInsights();
        }

        return builder;
    }

    /// <summary>Client options shared by every storage client: few, quick retries so a dead account is reported fast.</summary>
    private static T WithRetries<T>(T options)
        where T : ClientOptions
    {
        options.Retry.MaxRetries = 3;
        options.Retry.Delay = TimeSpan.FromMilliseconds(200);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
        return options;
    }

    private static TableServiceClient CreateTableService(StorageConnection connection) =>
        connection.UsesConnectionString
            ? new TableServiceClient(connection.ConnectionString, WithRetries(new TableClientOptions()))
            : new TableServiceClient(connection.TableUri, connection.Credential, WithRetries(new TableClientOptions()));

    private static BlobServiceClient CreateBlobService(StorageConnection connection) =>
        connection.UsesConnectionString
            ? new BlobServiceClient(connection.ConnectionString, WithRetries(new BlobClientOptions()))
            : new BlobServiceClient(connection.BlobUri, connection.Credential, WithRetries(new BlobClientOptions()));

    private static QueueServiceClient CreateQueueService(StorageConnection connection)
    {
        // The Functions queue trigger expects base64 message bodies by default.
        var options = WithRetries(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        return connection.UsesConnectionString
            ? new QueueServiceClient(connection.ConnectionString, options)
            : new QueueServiceClient(connection.QueueUri, connection.Credential, options);
    }

    private static bool UsesGraph(IServiceProvider services) =>
        GraphNotificationChannel.IsSelected(services.GetRequiredService<IOptions<NotificationOptions>>().Value, services.GetRequiredService<IOptions<GraphOptions>>().Value);
}
