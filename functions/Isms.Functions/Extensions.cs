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
using Isms.Core.Time;
using Isms.Functions.Chasing;
using Isms.Functions.Notifications;
using Isms.Functions.Platform;
using Isms.Functions.Programme;
using Isms.Functions.Registers;
using Isms.Functions.Snapshots;
using Isms.Functions.Snapshots.Signing;
using Isms.Functions.Storage;
using Isms.Functions.Summary;
using Isms.Functions.Pages;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Azure;
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
        // Every options class is checked when the app starts: a wrong setting stops it with a message naming it,
        // instead of failing the first request or timer run that reads it.
        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName))
            .Validate(o => o.MalwareScanWaitSeconds is >= 1 and <= 120, "Storage:MalwareScanWaitSeconds must be 1 to 120.").ValidateOnStart();
        services.AddOptions<GraphOptions>().Bind(configuration.GetSection(GraphOptions.SectionName)).ValidateOnStart();
        services.AddOptions<CorrectiveActionPolicy>().Bind(configuration.GetSection(CorrectiveActionPolicy.SectionName))
            .Validate(p => p.Validate().IsValid, "CorrectiveActions settings must all be at least 1 day.").ValidateOnStart();
        services.AddOptions<IsmsOptions>().Bind(configuration.GetSection(IsmsOptions.SectionName))
            .Validate(o => OrganisationClock.FindZone(o.TimeZone, out _) is not null, "Isms:TimeZone is not a time zone this machine knows; use an IANA name such as Europe/London.")
            .ValidateOnStart();
        services.AddOptions<NotificationOptions>().Bind(configuration.GetSection(NotificationOptions.SectionName)).ValidateOnStart();
        services.AddOptions<AuditProgrammeOptions>().Bind(configuration.GetSection(AuditProgrammeOptions.SectionName)).ValidateOnStart();
        services.AddOptions<EvidenceOptions>().Bind(configuration.GetSection(EvidenceOptions.SectionName))
            .Validate(o => o.Validate().Count == 0, "Evidence settings are out of range (see EvidenceOptions.Validate).").ValidateOnStart();
        services.AddOptions<ChasingOptions>().Bind(configuration.GetSection(ChasingOptions.SectionName)).ValidateOnStart();
        services.AddOptions<GraphThrottlingOptions>().Bind(configuration.GetSection(GraphThrottlingOptions.SectionName)).ValidateOnStart();
        services.AddOptions<SigningOptions>().Bind(configuration.GetSection(SigningOptions.SectionName))
            .Validate(o => o.Validate().Count == 0, "Signing settings are missing or invalid; see SigningOptions.Validate.").ValidateOnStart();
        services.AddOptions<ReminderPolicy>().Bind(configuration.GetSection(ReminderPolicy.SectionName))
            .Validate(p => p.Validate().Count == 0, "Reminders settings are invalid; see ReminderPolicy.Validate.").ValidateOnStart();
        services.TryAddSingleton(sp => new OrganisationClock(
            sp.GetRequiredService<TimeProvider>(),
            OrganisationClock.FindZone(sp.GetRequiredService<IOptions<IsmsOptions>>().Value.TimeZone, out var error) ?? throw new OptionsValidationException(nameof(IsmsOptions), typeof(IsmsOptions), [error!])));

        // Clients are created on first use: a misconfigured account is reported by the health check and the
        // local host's start-up probe, never by a crash while the container is being built. AzureWebJobsStorage is
        // read the way the Functions host reads it (a connection string locally, service URIs and a managed identity
        // in Azure), so the clients are built from it rather than from a section of their own.
        services.TryAddSingleton(_ => StorageConnection.FromConfiguration(configuration));
        // The Azure SDK's own events (one per storage request at Information) reach ILogger through the clients'
        // factory; only its warnings and errors are worth a log line.
        services.AddLogging(logging => logging.AddFilter("Azure", LogLevel.Warning));
        services.AddAzureClients(clients =>
        {
            // Few, quick retries so a dead account is reported fast.
            clients.ConfigureDefaults(options =>
            {
                options.Retry.MaxRetries = 3;
                options.Retry.Delay = TimeSpan.FromMilliseconds(200);
                options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
                options.Retry.NetworkTimeout = TimeSpan.FromSeconds(100);
            });
            clients.UseCredential(sp => sp.GetRequiredService<StorageConnection>().Credential ?? new DefaultAzureCredential());
            clients.AddClient<TableServiceClient, TableClientOptions>((options, credential, sp) => sp.GetRequiredService<StorageConnection>() is { UsesConnectionString: true } c
                ? new TableServiceClient(c.ConnectionString, options)
                : new TableServiceClient(sp.GetRequiredService<StorageConnection>().TableUri, credential, options));
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, credential, sp) => sp.GetRequiredService<StorageConnection>() is { UsesConnectionString: true } c
                ? new BlobServiceClient(c.ConnectionString, options)
                : new BlobServiceClient(sp.GetRequiredService<StorageConnection>().BlobUri, credential, options));
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, credential, sp) =>
            {
                // The Functions queue trigger expects base64 message bodies by default.
                options.MessageEncoding = QueueMessageEncoding.Base64;
                return sp.GetRequiredService<StorageConnection>() is { UsesConnectionString: true } c
                    ? new QueueServiceClient(c.ConnectionString, options)
                    : new QueueServiceClient(sp.GetRequiredService<StorageConnection>().QueueUri, credential, options);
            });
        });
        services.TryAddSingleton<IsmsStorage>();
        // In Azure the app does not start over an evidence container without its immutability policy (issue 16).
        services.TryAddSingleton(sp => new EvidenceImmutabilityCheck(
            sp.GetRequiredService<IsmsStorage>(),
            sp.GetRequiredService<IOptions<StorageOptions>>(),
            againstAzure: !sp.GetRequiredService<StorageConnection>().IsEmulator));
        services.AddHostedService(sp => sp.GetRequiredService<EvidenceImmutabilityCheck>());
        services.TryAddSingleton(sp => GraphClientSetup.Create(
            sp.GetRequiredService<IOptions<GraphOptions>>().Value,
            sp.GetRequiredService<IOptions<GraphThrottlingOptions>>().Value,
            sp.GetService<TokenCredential>() ?? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = configuration["AZURE_CLIENT_ID"] })));

        // Graph when configured for it, else the outbox folder; tests may register a TokenCredential for a fake Graph.
        services.TryAddSingleton<OutboxChannel>();
        services.TryAddSingleton<GraphNotificationChannel>();
        services.TryAddSingleton<INotificationChannel>(sp => UsesGraph(sp) ? sp.GetRequiredService<GraphNotificationChannel>() : sp.GetRequiredService<OutboxChannel>());
        services.TryAddSingleton<IPeopleDirectory>(sp => UsesGraph(sp) ? new GraphPeopleDirectory(sp.GetRequiredService<GraphServiceClient>()) : new NoPeopleDirectory());
        // Owners and auditors are resolved when assigned: Entra ID through Graph in Azure, the development directory
        // (any well-formed address, an id derived from it) where Graph is not configured.
        services.AddOptions<People.DirectoryOptions>().Bind(configuration.GetSection(People.DirectoryOptions.SectionName));
        services.TryAddSingleton<People.IUserDirectory>(sp => UsesGraph(sp)
            ? new People.GraphUserDirectory(sp.GetRequiredService<GraphServiceClient>(), sp.GetRequiredService<IOptions<People.DirectoryOptions>>())
            : new People.DevelopmentUserDirectory());
        services.TryAddSingleton<People.Assignees>();
        // Audiences are Entra groups: read through Graph where it is configured, from People:Groups settings elsewhere.
        services.AddOptions<People.PeopleOptions>().Bind(configuration.GetSection(People.PeopleOptions.SectionName))
            .Validate(o => o.AcknowledgeWithinDays is >= 1 and <= 365, "People:AcknowledgeWithinDays must be 1 to 365.").ValidateOnStart();
        services.TryAddSingleton<People.IGroupDirectory>(sp => UsesGraph(sp)
            ? new People.GraphGroupDirectory(sp.GetRequiredService<GraphServiceClient>())
            : People.ConfiguredGroupDirectory.From(configuration));
        services.TryAddSingleton<People.DocumentRegister>();
        services.TryAddSingleton<People.CourseRegister>();
        services.TryAddSingleton<People.PeopleRecords>();
        services.TryAddSingleton<People.AudienceSync>();
        // Evidence collected from Microsoft 365 through the same Graph client (issue 19).
        services.AddOptions<Collection.CollectorOptions>().Bind(configuration.GetSection(Collection.CollectorOptions.SectionName))
            .Validate(o => o.PageSize is >= 1 and <= 999, "Collectors:PageSize must be 1 to 999.")
            .Validate(o => o.PrivilegedRoles.MinimumGlobalAdmins >= 0 && o.PrivilegedRoles.MaximumGlobalAdmins >= o.PrivilegedRoles.MinimumGlobalAdmins, "Collectors:PrivilegedRoles: MinimumGlobalAdmins must be 0 or more and MaximumGlobalAdmins at least that.")
            .Validate(o => o.MfaRegistration.MinimumPercent is >= 0 and <= 100 && o.SecureScore.MinimumPercent is >= 0 and <= 100 && o.ManagedDevices.MinimumPercent is >= 0 and <= 100, "Collectors: every MinimumPercent must be 0 to 100.")
            .Validate(o => o.Guests.MaximumInactiveDays >= 1 && o.ApplicationCredentials.WarningDays >= 0 && o.SecureScore.MaximumDropPoints >= 0, "Collectors: Guests:MaximumInactiveDays must be 1 or more; ApplicationCredentials:WarningDays and SecureScore:MaximumDropPoints 0 or more.")
            .ValidateOnStart();
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<Collection.EvidenceCollector, Collection.MfaRegistrationCollector>(),
            ServiceDescriptor.Singleton<Collection.EvidenceCollector, Collection.ConditionalAccessCollector>(),
            ServiceDescriptor.Singleton<Collection.EvidenceCollector, Collection.PrivilegedRolesCollector>(),
            ServiceDescriptor.Singleton<Collection.EvidenceCollector, Collection.GuestsCollector>(),
            ServiceDescriptor.Singleton<Collection.EvidenceCollector, Collection.ApplicationCredentialsCollector>(),
            ServiceDescriptor.Singleton<Collection.EvidenceCollector, Collection.SecureScoreCollector>(),
            ServiceDescriptor.Singleton<Collection.EvidenceCollector, Collection.ManagedDevicesCollector>(),
        ]);
        services.TryAddSingleton<Collection.CollectorStore>();
        services.TryAddSingleton<Collection.CollectorRunner>();
        services.TryAddSingleton<People.DocumentService>();
        services.TryAddSingleton<People.TrainingService>();
        services.TryAddSingleton<People.PeopleReports>();
        services.TryAddSingleton<Chasing.RequirementSubjects>();
        services.TryAddSingleton(sp => new ReminderLadder(sp.GetRequiredService<IOptions<ReminderPolicy>>().Value));
        services.TryAddSingleton<CorrectiveActionSubjects>();
        services.TryAddSingleton<ReminderLedger>();
        services.TryAddSingleton<ReminderRunStore>();
        services.TryAddSingleton<ChasePlanner>();
        services.TryAddSingleton<ReminderSender>();
        services.TryAddSingleton<IClientPrincipalTrust>(new AppServiceAuthenticationTrust(configuration));
        services.TryAddSingleton<CallerReader>();
        services.TryAddSingleton<AuditTrail>();
        services.TryAddSingleton<RecordStore>();
        services.TryAddSingleton<SoaRegister>();
        services.TryAddSingleton<AuditRegister>();
        services.TryAddSingleton<FindingRegister>();
        services.TryAddSingleton<CorrectiveActionRegister>();
        services.TryAddSingleton<SoaTrace>();
        services.TryAddSingleton<ControlService>();
        services.TryAddSingleton<GapAnalysis.GapRegister>();
        services.TryAddSingleton<GapAnalysis.GapAnalysisService>();
        services.AddOptions<Isms.Core.Risks.RiskMatrixOptions>().Bind(configuration.GetSection(Isms.Core.Risks.RiskMatrixOptions.SectionName))
            .Validate(o => Isms.Core.Risks.RiskMatrix.TryFrom(o, out _), "Risk:AcceptanceCriteria must be between 1 and the highest score of the matrix (likelihood levels x impact levels).")
            .ValidateOnStart();
        services.TryAddSingleton(sp => new Isms.Core.Risks.RiskRules(Isms.Core.Risks.RiskMatrix.From(sp.GetRequiredService<IOptions<Isms.Core.Risks.RiskMatrixOptions>>().Value)));
        services.TryAddSingleton<Risks.RiskRegister>();
        services.TryAddSingleton<Risks.RiskService>();
        services.TryAddSingleton<Chasing.ReviewSubjects>();
        services.TryAddSingleton<Reviews.ReviewRegister>();
        services.TryAddSingleton<Isms.Core.Reviews.ReviewPackCompiler>();
        services.TryAddSingleton<Reviews.ManagementReviewService>();
        services.TryAddSingleton<CertificationService>();
        services.TryAddSingleton<AuditService>();
        services.TryAddSingleton<FindingService>();
        services.TryAddSingleton<CorrectiveActionService>();
        services.TryAddSingleton<SendLedger>();
        services.TryAddSingleton<ProgrammeStateReader>();
        services.TryAddSingleton<ProgrammeWriter>();
        services.TryAddSingleton<ProgrammeScheduler>();
        services.TryAddSingleton<EvidenceRegister>();
        services.TryAddSingleton<EvidenceFiling>();
        services.TryAddSingleton<EvidenceDetailsValidator>();
        services.TryAddSingleton<StagedUploads>();
        services.TryAddSingleton<EvidenceAccess>();
        services.TryAddSingleton<HealthProbe>();
        services.TryAddSingleton<IEvidenceBlobHolds, StorageEvidenceBlobHolds>();
        services.TryAddSingleton<MalwareScanGate>();
        services.TryAddSingleton<EvidenceService>();
        services.TryAddSingleton<LargeUploadService>();
        services.TryAddSingleton<EvidenceFreshnessReport>();
        services.TryAddSingleton<EvidenceFreshnessNotices>();
        services.TryAddSingleton<EvidenceDisposal>();
        services.TryAddSingleton<IEvidenceCatalog, TableEvidenceCatalog>();
        services.TryAddSingleton<WeeklySummaryReader>();
        services.TryAddSingleton<WeeklySummaryPoster>();
        services.TryAddSingleton<TeamsChannelWebhook>();
        services.AddHttpClient(TeamsChannelWebhook.HttpClientName, client =>
            {
                // Covers the retries' waits (by default up to 3 x 60 s) and stays under the send ledger's claim timeout.
                client.Timeout = TimeSpan.FromMinutes(5);
            })
            .AddResilienceHandler("outbound-retry", (pipeline, context) =>
                pipeline.AddOutboundRetry(context.ServiceProvider.GetRequiredService<IOptions<GraphThrottlingOptions>>().Value, TimeProvider.System));
        services.TryAddSingleton<SnapshotStore>();
        services.TryAddSingleton<SnapshotManifestWriter>();
        // Snapshots are signed with the Key Vault key in Azure, with the local host's key file locally; tests may register another signer.
        services.TryAddSingleton<LocalSnapshotSigner>();
        services.TryAddSingleton<ISnapshotSigner>(sp => sp.GetRequiredService<IOptions<SigningOptions>>().Value.UsesKeyVault
            ? new KeyVaultSnapshotSigner(
                sp.GetRequiredService<IOptions<SigningOptions>>(),
                sp.GetService<TokenCredential>() ?? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = configuration["AZURE_CLIENT_ID"] }))
            : sp.GetRequiredService<LocalSnapshotSigner>());
        services.TryAddSingleton<SnapshotPublication>();
        services.TryAddSingleton<SnapshotTaker>();
        services.TryAddSingleton<VerificationCache>();
        services.TryAddSingleton<SnapshotVerifier>();
        services.TryAddSingleton<SnapshotPackage>();
        services.TryAddSingleton<SnapshotService>();
        services.TryAddSingleton<ScheduledSnapshots>();
        services.TryAddSingleton(sp => new CorrectiveActionLifecycle(sp.GetRequiredService<IOptions<CorrectiveActionPolicy>>().Value, sp.GetRequiredService<OrganisationClock>()));

        // The pages: their antiforgery tokens are protected by keys kept in the app's storage, shared by every instance.
        services.AddDataProtection().SetApplicationName("isms");
        services.AddOptions<KeyManagementOptions>().Configure<IsmsStorage>((options, storage) => options.XmlRepository = new BlobKeyRepository(storage));
        services.TryAddSingleton<FormTokens>();
        services.TryAddSingleton<PageRenderer>();
        services.TryAddSingleton<Pages.EvidenceForm>();
        services.TryAddSingleton<Pages.Audits.AuditPageView>();
        services.TryAddSingleton<Pages.Actions.ActionPageView>();
        services.TryAddSingleton<Pages.Risks.RiskPageView>();
        services.TryAddSingleton<Pages.ManagementReviews.ReviewPageView>();
        services.TryAddSingleton<Pages.Home.HomeFigures>();

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
            builder.Services.AddSingleton<Microsoft.ApplicationInsights.Extensibility.ITelemetryInitializer, QueryStringScrubber>();
            builder.Services.ConfigureFunctionsApplicationInsights();
        }

        return builder;
    }

    private static bool UsesGraph(IServiceProvider services) =>
        GraphNotificationChannel.IsSelected(services.GetRequiredService<IOptions<NotificationOptions>>().Value, services.GetRequiredService<IOptions<GraphOptions>>().Value);
}
