using System.Reflection;
using System.Text.RegularExpressions;

namespace Isms.Infra.Tests;

[Collection(CompiledTemplatesGroup.Name)]
public sealed partial class AppSettingsTests(CompiledTemplates templates)
{
    internal static readonly Assembly[] AppAssemblies =
    [
        Assembly.Load("Isms.Core"),
        Assembly.Load("Isms.Functions"),
    ];

    [Theory]
    [InlineData("ScheduleAuditsSchedule")]
    [InlineData("ChaseSchedule")]
    [InlineData("EvidenceFreshnessSchedule")]
    [InlineData("SnapshotSchedule")]
    [InlineData("EvidenceDisposalSchedule")]
    [InlineData("WeeklySummarySchedule")]
    [InlineData("SyncAudiencesSchedule")]
    [InlineData("CollectEvidenceSchedule")]
    [InlineData("Isms__IsmsManagerUpn")]
    [InlineData("Isms__PublicBaseUrl")]
    [InlineData("Isms__SignInPath")]
    [InlineData("AzureWebJobsDisableHomepage")]
    [InlineData("Graph__SenderMailbox")]
    [InlineData("Graph__SaveToSentItems")]
    [InlineData("Graph__TeamsAppId")]
    [InlineData("Notifications__Channel")]
    [InlineData("Notifications__TeamsWebhookUrl")]
    [InlineData("Storage__EvidenceContainer")]
    [InlineData("Storage__SnapshotsContainer")]
    [InlineData("Storage__StagingContainer")]
    [InlineData("AzureWebJobsStorage__credential")]
    [InlineData("AzureWebJobsStorage__clientId")]
    [InlineData("AzureWebJobsStorage__blobServiceUri")]
    [InlineData("AzureWebJobsStorage__queueServiceUri")]
    [InlineData("AzureWebJobsStorage__tableServiceUri")]
    [InlineData("AZURE_CLIENT_ID")]
    [InlineData("APPLICATIONINSIGHTS_CONNECTION_STRING")]
    [InlineData("APPLICATIONINSIGHTS_AUTHENTICATION_STRING")]
    public void The_function_app_has_the_setting(string name)
    {
        Assert.Contains(name, templates.AppSettings().Keys);
    }

    [Fact]
    public void The_app_accepts_callers_of_its_own_tenant_only()
    {
        Assert.Contains("tenant().tenantId", templates.AppSettings()["Identity__TenantId"], StringComparison.Ordinal);
    }

    [Fact]
    public void Notifications_go_through_graph_in_azure_not_to_the_outbox()
    {
        Assert.Equal("Graph", templates.AppSettings()["Notifications__Channel"]);
    }

    [Fact]
    public void Sent_reminders_stay_out_of_sent_items_unless_asked()
    {
        Assert.False(templates.Main.Path("parameters", "graphSaveToSentItems", "defaultValue").GetBoolean());
        Assert.Contains("'true'", templates.AppSettings()["Graph__SaveToSentItems"], StringComparison.Ordinal);
    }

    [Fact]
    public void Flex_consumption_gets_no_settings_it_rejects()
    {
        // Flex Consumption takes the runtime from functionAppConfig and refuses these settings.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", templates.AppSettings().Keys);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", templates.AppSettings().Keys);
        Assert.DoesNotContain("WEBSITE_RUN_FROM_PACKAGE", templates.AppSettings().Keys);
    }

    [Theory]
    [InlineData("scheduleAudits", "0 0 6 * * *")]
    [InlineData("chase", "0 0 8 * * 1-5")]
    [InlineData("evidenceFreshness", "0 0 7 * * 1")]
    [InlineData("snapshot", "0 0 5 * * *")]
    [InlineData("evidenceDisposal", "0 0 3 * * 0")]
    public void Schedules_default_to_the_documented_times(string member, string schedule)
    {
        Assert.Equal(schedule, templates.Main.Path("parameters", "schedules", "defaultValue", member).GetString());
    }

    [Fact]
    public void Every_setting_the_app_binds_from_configuration_is_present_or_has_a_code_default()
    {
        var optionsTypes = OptionsConvention.FindOptionsTypes(AppAssemblies);
        var missing = OptionsConvention.MissingSettings(optionsTypes, templates.AppSettings().Keys);

        Assert.True(
            missing.Count == 0,
            "Settings without a code default that infra/app/function-app.bicep does not set: " + string.Join(", ", missing)
            + $" (options classes found: {string.Join(", ", optionsTypes.Select(t => t.Name))})");
    }

    [Fact]
    public void Every_timer_schedule_setting_the_functions_name_is_present()
    {
        var settings = templates.AppSettings();
        var referenced = AppAssemblies
            .SelectMany(a => a.GetTypes())
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .SelectMany(m => m.GetParameters())
            .SelectMany(p => p.GetCustomAttributesData())
            .Where(a => a.AttributeType.Name == "TimerTriggerAttribute")
            .SelectMany(a => a.ConstructorArguments.Select(c => c.Value as string))
            .OfType<string>()
            .SelectMany(schedule => SettingReference().Matches(schedule).Select(m => m.Groups["name"].Value))
            .Distinct(StringComparer.Ordinal)
            .ToList();

        Assert.All(referenced, name => Assert.Contains(name, settings.Keys));
    }

    [GeneratedRegex("%(?<name>[^%]+)%")]
    private static partial Regex SettingReference();
}
