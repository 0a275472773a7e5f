using System.Text.Json;

namespace Isms.Infra.Tests;

[Collection(CompiledTemplatesGroup.Name)]
public sealed class SecurityTests(CompiledTemplates templates)
{
    [Theory]
    [InlineData("listKeys")]
    [InlineData("listAccountSas")]
    [InlineData("listServiceSas")]
    [InlineData("AccountKey")]
    [InlineData("DefaultEndpointsProtocol")]
    [InlineData("SharedAccessSignature")]
    [InlineData("SharedAccessKey")]
    [InlineData("InstrumentationKey=")]
    public void No_key_or_storage_connection_string_appears_anywhere(string forbidden)
    {
        var text = templates.Main.GetRawText();
        Assert.DoesNotContain(forbidden, text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void No_app_setting_is_a_connection_string_except_the_keyless_application_insights_one()
    {
        // APPLICATIONINSIGHTS_CONNECTION_STRING carries an endpoint and an identifier; with local auth disabled
        // it cannot ingest without an Entra token, so it is not a secret.
        var offenders = templates.AppSettings().Keys
            .Where(k => k.Contains("ConnectionString", StringComparison.OrdinalIgnoreCase) || k.Contains("CONNECTION_STRING", StringComparison.OrdinalIgnoreCase))
            .Where(k => k != "APPLICATIONINSIGHTS_CONNECTION_STRING")
            .ToList();
        Assert.Empty(offenders);
        Assert.DoesNotContain("AzureWebJobsStorage", templates.AppSettings().Keys);
    }

    [Fact]
    public void Host_storage_is_reached_with_the_managed_identity()
    {
        var settings = templates.AppSettings();
        Assert.Equal("managedidentity", settings["AzureWebJobsStorage__credential"]);
        Assert.Contains("clientId", settings["AzureWebJobsStorage__clientId"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.blob", settings["AzureWebJobsStorage__blobServiceUri"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.queue", settings["AzureWebJobsStorage__queueServiceUri"], StringComparison.Ordinal);
        Assert.Contains("primaryEndpoints.table", settings["AzureWebJobsStorage__tableServiceUri"], StringComparison.Ordinal);
        Assert.Equal(settings["AzureWebJobsStorage__clientId"], settings["AZURE_CLIENT_ID"]);
    }

    [Fact]
    public void Storage_account_accepts_only_entra_id_over_tls_1_2()
    {
        var account = templates.Single("Microsoft.Storage/storageAccounts").Properties;
        Assert.False(account.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.False(account.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.Equal("TLS1_2", account.GetProperty("minimumTlsVersion").GetString());
        Assert.True(account.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
        Assert.True(account.GetProperty("defaultToOAuthAuthentication").GetBoolean());
    }

    [Fact]
    public void Blobs_are_versioned_and_soft_deleted()
    {
        var blobService = templates.Single("Microsoft.Storage/storageAccounts/blobServices").Properties;
        Assert.True(blobService.GetProperty("isVersioningEnabled").GetBoolean());
        Assert.True(blobService.Path("deleteRetentionPolicy", "enabled").GetBoolean());
        Assert.True(blobService.Path("containerDeleteRetentionPolicy", "enabled").GetBoolean());
    }

    [Fact]
    public void Browsers_may_only_put_blocks_from_the_apps_own_origin()
    {
        var rule = Assert.Single(templates.Single("Microsoft.Storage/storageAccounts/blobServices").Properties.Path("cors", "corsRules").EnumerateArray());
        Assert.Equal(["PUT", "OPTIONS"], rule.GetProperty("allowedMethods").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal("[parameters('uploadOrigins')]", rule.GetProperty("allowedOrigins").GetString());

        // main.bicep passes the app's own host name first, never a wildcard.
        var storage = templates.AllResources.Single(r => r.Element.TryGetProperty("properties", out var p) && p.TryGetProperty("parameters", out var ps) && ps.TryGetProperty("uploadOrigins", out _));
        var origins = storage.Element.Path("properties", "parameters", "uploadOrigins", "value").ToString();
        Assert.Contains(".azurewebsites.net", origins, StringComparison.Ordinal);
        Assert.DoesNotContain("'*'", origins, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evidence", "evidenceRetentionDays")]
    [InlineData("snapshots", "snapshotRetentionDays")]
    public void Evidence_and_snapshots_are_write_once_read_many(string container, string retentionParameter)
    {
        var containerResource = ContainerNamed(container);
        Assert.True(containerResource.Properties.Path("immutableStorageWithVersioning", "enabled").GetBoolean());
        Assert.Equal("None", containerResource.Properties.GetProperty("publicAccess").GetString());

        var policy = Assert.Single(templates.Deployed("Microsoft.Storage/storageAccounts/blobServices/containers/immutabilityPolicies"), p => p.Name.Contains($").{container},", StringComparison.Ordinal));
        var period = policy.Properties.GetProperty("immutabilityPeriodSinceCreationInDays").GetString();
        Assert.Equal($"[parameters('{retentionParameter}')]", period);
        Assert.False(policy.Properties.GetProperty("allowProtectedAppendWrites").GetBoolean());

        // The retention is a parameter of main.bicep, not a constant.
        Assert.True(templates.Main.Path("parameters", retentionParameter).TryGetProperty("defaultValue", out _));
    }

    [Fact]
    public void Evidence_stays_write_once_at_least_as_long_as_the_app_keeps_it()
    {
        // The app disposes of evidence after Evidence:RetentionYears; the WORM period is never shorter.
        Assert.Contains("max(parameters('evidenceRetentionDays'), mul(parameters('evidenceRetentionYears'), 366))", templates.Main.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(3, templates.Main.Path("parameters", "evidenceRetentionYears", "defaultValue").GetInt32());
        Assert.Contains("evidenceRetentionYears", templates.AppSettings()["Evidence__RetentionYears"], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("staging")]
    [InlineData("deployment")]
    [InlineData("dataProtection")]
    public void Staging_and_deployment_containers_exist_and_stay_mutable(string container)
    {
        var resource = ContainerNamed(container);
        Assert.False(resource.Properties.TryGetProperty("immutableStorageWithVersioning", out _));
    }

    [Fact]
    public void Abandoned_staging_uploads_are_deleted_after_one_day()
    {
        var lifecycle = templates.Single("Microsoft.Storage/storageAccounts/managementPolicies");
        var rule = Assert.Single(lifecycle.Properties.Path("policy", "rules").EnumerateArray());
        Assert.True(rule.GetProperty("enabled").GetBoolean());
        var prefix = Assert.Single(rule.Path("definition", "filters", "prefixMatch").EnumerateArray()).GetString();
        Assert.Contains("containerNames').staging", prefix, StringComparison.Ordinal);

        var days = rule.Path("definition", "actions", "baseBlob", "delete", "daysAfterModificationGreaterThan").GetString();
        Assert.Equal("[parameters('stagingExpiryDays')]", days);
        Assert.Equal(1, lifecycle.DeclaringTemplate.Path("parameters", "stagingExpiryDays", "defaultValue").GetInt32());
        Assert.True(rule.Path("definition", "actions", "version", "delete").ValueKind == JsonValueKind.Object);
    }

    [Fact]
    public void Function_app_runs_on_flex_consumption_dotnet_isolated_10()
    {
        var plan = templates.Single("Microsoft.Web/serverfarms").Element;
        Assert.Equal("FC1", plan.Path("sku", "name").GetString());
        Assert.Equal("FlexConsumption", plan.Path("sku", "tier").GetString());

        var site = templates.Single("Microsoft.Web/sites");
        var runtime = site.Properties.Path("functionAppConfig", "runtime");
        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal("10.0", runtime.GetProperty("version").GetString());
        Assert.Equal("UserAssignedIdentity", site.Properties.Path("functionAppConfig", "deployment", "storage", "authentication", "type").GetString());
        Assert.Equal("UserAssigned", site.Element.Path("identity", "type").GetString());
    }

    [Fact]
    public void Function_app_is_https_only_with_ftps_and_basic_publishing_off()
    {
        var site = templates.Single("Microsoft.Web/sites").Properties;
        Assert.True(site.GetProperty("httpsOnly").GetBoolean());
        Assert.Equal("Disabled", site.Path("siteConfig", "ftpsState").GetString());
        Assert.Equal("1.2", site.Path("siteConfig", "minTlsVersion").GetString());

        var policies = templates.Deployed("Microsoft.Web/sites/basicPublishingCredentialsPolicies").ToList();
        Assert.Equal(2, policies.Count);
        Assert.All(policies, p => Assert.False(p.Properties.GetProperty("allow").GetBoolean()));
    }

    [Fact]
    public void Api_requires_entra_id_sign_in_and_answers_401()
    {
        var auth = Assert.Single(templates.Deployed("Microsoft.Web/sites/config"), r => r.Name.Contains("'authsettingsV2'", StringComparison.Ordinal)).Properties;
        Assert.True(auth.Path("platform", "enabled").GetBoolean());
        Assert.True(auth.Path("globalValidation", "requireAuthentication").GetBoolean());
        Assert.Equal("Return401", auth.Path("globalValidation", "unauthenticatedClientAction").GetString());
        Assert.True(auth.Path("identityProviders", "azureActiveDirectory", "enabled").GetBoolean());
        Assert.True(auth.Path("httpSettings", "requireHttps").GetBoolean());
        Assert.Contains("authentication.loginEndpoint", auth.Path("identityProviders", "azureActiveDirectory", "registration", "openIdIssuer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Only_tokens_issued_to_the_app_or_the_named_client_applications_are_accepted()
    {
        var auth = Assert.Single(templates.Deployed("Microsoft.Web/sites/config"), r => r.Name.Contains("'authsettingsV2'", StringComparison.Ordinal)).Properties;
        var allowed = auth.Path("identityProviders", "azureActiveDirectory", "validation", "defaultAuthorizationPolicy", "allowedApplications").GetString();
        Assert.Contains("union(createArray(parameters('authentication').clientId), parameters('authentication').allowedClientApplications)", allowed, StringComparison.Ordinal);
        Assert.Empty(templates.Main.Path("parameters", "allowedClientApplications", "defaultValue").EnumerateArray());
    }

    [Fact]
    public void Only_the_liveness_probe_is_reachable_without_sign_in()
    {
        var anonymous = templates.Main.Path("parameters", "anonymousPaths", "defaultValue").EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["/api/health"], anonymous);
    }

    [Fact]
    public void Application_insights_takes_entra_authenticated_telemetry_only()
    {
        var component = templates.Single("Microsoft.Insights/components").Properties;
        Assert.True(component.GetProperty("DisableLocalAuth").GetBoolean());
        Assert.Contains("Microsoft.OperationalInsights/workspaces", component.GetProperty("WorkspaceResourceId").GetString(), StringComparison.Ordinal);

        var authentication = templates.AppSettings()["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"];
        Assert.Contains("Authorization=AAD;ClientId=", authentication, StringComparison.Ordinal);
    }

    [Fact]
    public void Key_vault_uses_rbac_and_the_webhook_url_is_a_key_vault_reference()
    {
        var vault = templates.Single("Microsoft.KeyVault/vaults").Properties;
        Assert.True(vault.GetProperty("enableRbacAuthorization").GetBoolean());
        Assert.True(vault.GetProperty("enablePurgeProtection").GetBoolean());
        Assert.False(vault.TryGetProperty("accessPolicies", out _));

        var webhook = templates.AppSettings()["Notifications__TeamsWebhookUrl"];
        Assert.Contains("@Microsoft.KeyVault(SecretUri=", webhook, StringComparison.Ordinal);

        var site = templates.Single("Microsoft.Web/sites").Properties;
        Assert.Contains("identity", site.GetProperty("keyVaultReferenceIdentity").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void The_webhook_url_is_a_secure_parameter()
    {
        Assert.Equal("securestring", templates.Main.Path("parameters", "teamsWebhookUrl", "type").GetString());
    }

    private ArmResource ContainerNamed(string container) =>
        Assert.Single(
            templates.Deployed("Microsoft.Storage/storageAccounts/blobServices/containers"),
            c => c.Name.EndsWith($"containerNames').{container})]", StringComparison.Ordinal));
}
