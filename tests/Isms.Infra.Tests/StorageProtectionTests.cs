using System.Text.Json;

namespace Isms.Infra.Tests;

/// <summary>Issue 16: locked WORM policies, storage write and delete logs, Defender malware scanning.</summary>
[Collection(CompiledTemplatesGroup.Name)]
public sealed class StorageProtectionTests(CompiledTemplates templates)
{
    [Theory]
    [InlineData("isms-prod", true)]
    [InlineData("prod", true)]
    [InlineData("contoso-production-weu", true)]
    [InlineData("isms-prd", true)]
    [InlineData("isms-preprod", false)]
    [InlineData("isms-dev", false)]
    [InlineData("product-demo", false)]
    public void Worm_policies_are_locked_by_default_for_production_environment_names_only(string environmentName, bool locked)
    {
        // main.bicep: auto means "a production environment", judged by the dash-separated parts of the azd environment name.
        Assert.Equal("auto", templates.Main.Path("parameters", "wormLock", "defaultValue").GetString());
        Assert.Equal(
            "[not(empty(intersection(split(toLower(parameters('environmentName')), '-'), createArray('prod', 'prd', 'production'))))]",
            templates.Main.Path("variables", "isProduction").GetString());
        var parts = environmentName.ToLowerInvariant().Split('-');
        Assert.Equal(locked, parts.Intersect(["prod", "prd", "production"]).Any());
        Assert.Equal(
            "[or(equals(parameters('wormLock'), 'on'), and(equals(parameters('wormLock'), 'auto'), variables('isProduction')))]",
            templates.Main.Path("variables", "lockWormPolicies").GetString());
    }

    [Fact]
    public void The_postprovision_hook_locks_the_policies_when_the_template_says_so_and_the_template_then_leaves_them_alone()
    {
        Assert.Equal(
            "[and(variables('lockWormPolicies'), not(parameters('wormPoliciesAlreadyLocked')))]",
            templates.Main.Path("outputs", "WORM_LOCK_POLICIES", "value").GetString());

        var azureYaml = File.ReadAllText(Path.Combine(RepoPaths.Root, "azure.yaml"));
        Assert.Contains("infra/scripts/lock-worm-policies.sh", azureYaml, StringComparison.Ordinal);
        Assert.Contains("continueOnError: false", azureYaml, StringComparison.Ordinal);

        var script = File.ReadAllText(Path.Combine(RepoPaths.Infra, "scripts", "lock-worm-policies.sh"));
        Assert.Contains("WORM_LOCK_POLICIES", script, StringComparison.Ordinal);
        Assert.Contains("az storage container immutability-policy lock", script, StringComparison.Ordinal);
        Assert.Contains("--if-match", script, StringComparison.Ordinal);
        Assert.Contains("azd env set WORM_POLICIES_LOCKED true", script, StringComparison.Ordinal);
        Assert.Contains("for container in evidence snapshots", script, StringComparison.Ordinal);

        // A locked policy takes no create-or-update: once locked, neither policy is declared.
        var policies = templates.Deployed("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies").ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.Equal("[not(parameters('wormPoliciesAlreadyLocked'))]", p.Element.GetProperty("condition").GetString()));

        using var parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoPaths.Infra, "main.parameters.json")));
        Assert.Equal("${WORM_POLICIES_LOCKED=false}", parameters.RootElement.Path("parameters", "wormPoliciesAlreadyLocked", "value").GetString());
        Assert.Equal("${WORM_LOCK=auto}", parameters.RootElement.Path("parameters", "wormLock", "value").GetString());
    }

    [Fact]
    public void Deploy_guide_warns_that_a_lock_cannot_be_undone()
    {
        var guide = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "deploy.md"));
        Assert.Contains("cannot be undone", guide, StringComparison.Ordinal);
        Assert.Contains("WORM_LOCK", guide, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts/blobServices")]
    [InlineData("Microsoft.Storage/storageAccounts/tableServices")]
    [InlineData("Microsoft.Storage/storageAccounts/queueServices")]
    public void Storage_writes_and_deletes_are_logged_to_the_log_analytics_workspace(string service)
    {
        var setting = Assert.Single(
            templates.Deployed("Microsoft.Insights/diagnosticSettings"),
            s => s.Element.GetProperty("scope").GetString()!.Contains($"resourceId('{service}'", StringComparison.Ordinal));
        Assert.Equal("[parameters('logAnalyticsWorkspaceId')]", setting.Properties.GetProperty("workspaceId").GetString());
        var logs = TemplateQueries.ResolveVariableValue(setting.Properties.GetProperty("logs"), setting.DeclaringTemplate);
        var categories = logs.EnumerateArray().Where(l => l.GetProperty("enabled").GetBoolean()).Select(l => l.GetProperty("category").GetString()).ToList();
        Assert.Equal(["StorageWrite", "StorageDelete"], categories);

        var storage = Assert.Single(templates.AllResources, r => r.SymbolicName == "storage");
        Assert.Equal("[reference('monitoring').outputs.logAnalyticsWorkspaceId.value]", storage.Element.Path("properties", "parameters", "logAnalyticsWorkspaceId", "value").GetString());
    }

    [Fact]
    public void The_saved_query_in_the_workspace_is_the_one_in_the_operations_guide()
    {
        var search = templates.Single("Microsoft.OperationalInsights/workspaces/savedSearches").Properties;
        // loadTextContent puts the file's text in a variable of the template.
        var query = TemplateQueries.ResolveVariableValue(search.GetProperty("query"), templates.Single("Microsoft.OperationalInsights/workspaces/savedSearches").DeclaringTemplate).GetString()!;
        Assert.Contains("StorageBlobLogs", query, StringComparison.Ordinal);
        Assert.Contains("\"StorageWrite\", \"StorageDelete\"", query, StringComparison.Ordinal);
        Assert.Contains("\"evidence\", \"snapshots\"", query, StringComparison.Ordinal);

        var guide = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "operations.md")).ReplaceLineEndings("\n");
        Assert.Contains("```kusto\n" + query.ReplaceLineEndings("\n"), guide, StringComparison.Ordinal);
    }

    [Fact]
    public void Malware_scanning_on_upload_is_off_by_default_and_when_on_scans_every_upload_within_the_monthly_cap()
    {
        var defaults = templates.Main.Path("parameters", "malwareScanning", "defaultValue");
        Assert.False(defaults.GetProperty("enabled").GetBoolean());
        Assert.True(defaults.GetProperty("capGBPerMonth").GetInt32() > 0);

        var defender = templates.Single("Microsoft.Security/defenderForStorageSettings");
        Assert.Equal("current", defender.Name);
        Assert.Equal("[parameters('malwareScanning').enabled]", defender.Element.GetProperty("condition").GetString());
        Assert.Contains("Microsoft.Storage/storageAccounts", defender.Element.GetProperty("scope").GetString(), StringComparison.Ordinal);
        Assert.True(string.CompareOrdinal(defender.Element.GetProperty("apiVersion").GetString(), "2025-01-01") >= 0);
        Assert.True(defender.Properties.GetProperty("isEnabled").GetBoolean());
        Assert.True(defender.Properties.GetProperty("overrideSubscriptionLevelSettings").GetBoolean());
        Assert.True(defender.Properties.Path("malwareScanning", "onUpload", "isEnabled").GetBoolean());
        Assert.Equal("[parameters('malwareScanning').capGBPerMonth]", defender.Properties.Path("malwareScanning", "onUpload", "capGBPerMonth").GetString());

        // The app learns from its settings that uploads wait for a clean verdict.
        Assert.Contains("malwareScanning", templates.AppSettings()["Storage__MalwareScanning"], StringComparison.Ordinal);
        var functionApp = Assert.Single(templates.AllResources, r => r.SymbolicName == "functionApp");
        Assert.Equal("[parameters('malwareScanning').enabled]", functionApp.Element.Path("properties", "parameters", "storageFeatures", "value", "malwareScanning").GetString());
    }

    [Fact]
    public void The_app_is_told_that_real_storage_takes_blob_legal_holds()
    {
        Assert.Contains("blobLegalHolds", templates.AppSettings()["Storage__BlobLegalHolds"], StringComparison.Ordinal);
        var functionApp = Assert.Single(templates.AllResources, r => r.SymbolicName == "functionApp");
        Assert.True(functionApp.Element.Path("properties", "parameters", "storageFeatures", "value", "blobLegalHolds").GetBoolean());
    }
}
