namespace Isms.Infra.Tests;

/// <summary>Issue 16: optional VNet integration with private endpoints for storage and Key Vault.</summary>
[Collection(CompiledTemplatesGroup.Name)]
public sealed class PrivateNetworkingTests(CompiledTemplates templates)
{
    [Fact]
    public void Private_networking_is_off_by_default_and_the_whole_network_hangs_on_the_parameter()
    {
        Assert.False(templates.Main.Path("parameters", "privateNetworking", "defaultValue").GetBoolean());
        var network = Assert.Single(templates.AllResources, r => r.SymbolicName == "network" && r.IsType("Microsoft.Resources/deployments"));
        Assert.Equal("[parameters('privateNetworking')]", network.Element.GetProperty("condition").GetString());

        // Nothing of the network lives outside that conditional module.
        var inNetwork = ArmResource.Walk(network.Element.Path("properties", "template")).Where(r => !r.IsExisting).Select(r => r.Type).ToHashSet(StringComparer.Ordinal);
        foreach (var type in new[] { "Microsoft.Network/virtualNetworks", "Microsoft.Network/privateEndpoints", "Microsoft.Network/privateDnsZones", "Microsoft.Network/privateDnsZones/virtualNetworkLinks", "Microsoft.Network/privateEndpoints/privateDnsZoneGroups" })
        {
            Assert.Contains(type, inNetwork);
            Assert.All(templates.Deployed(type), r => Assert.Equal(network.Element.Path("properties", "template"), r.DeclaringTemplate));
        }
    }

    [Fact]
    public void When_on_blob_table_queue_and_the_vault_each_get_a_private_endpoint_with_its_zone()
    {
        var endpoints = templates.Single("Microsoft.Network/privateEndpoints");
        var declared = endpoints.DeclaringTemplate.Path("variables", "endpoints");
        var groups = declared.EnumerateArray().Select(e => e.GetProperty("groupId").GetString()).ToList();
        Assert.Equal(["blob", "table", "queue", "vault"], groups);
        var zones = declared.EnumerateArray().Select(e => e.GetProperty("zone").GetString()).ToList();
        Assert.Equal("[format('privatelink.blob.{0}', environment().suffixes.storage)]", zones[0]);
        Assert.Equal("privatelink.vaultcore.azure.net", zones[3]);

        Assert.Contains("private-endpoints", endpoints.Properties.Path("subnet", "id").GetString(), StringComparison.Ordinal);
        var connection = Assert.Single(endpoints.Properties.GetProperty("privateLinkServiceConnections").EnumerateArray());
        Assert.Contains("Microsoft.KeyVault/vaults", connection.Path("properties", "privateLinkServiceId").GetString(), StringComparison.Ordinal);
        Assert.Contains("Microsoft.Storage/storageAccounts", connection.Path("properties", "privateLinkServiceId").GetString(), StringComparison.Ordinal);

        var zoneGroup = templates.Single("Microsoft.Network/privateEndpoints/privateDnsZoneGroups");
        Assert.Contains("Microsoft.Network/privateDnsZones", zoneGroup.Properties.GetRawText(), StringComparison.Ordinal);
        var link = templates.Single("Microsoft.Network/privateDnsZones/virtualNetworkLinks");
        Assert.False(link.Properties.GetProperty("registrationEnabled").GetBoolean());
    }

    [Fact]
    public void When_on_the_app_integrates_through_a_subnet_delegated_to_flex_consumption()
    {
        var vnet = templates.Single("Microsoft.Network/virtualNetworks");
        var subnets = vnet.Properties.GetProperty("subnets").EnumerateArray().ToList();
        var integration = Assert.Single(subnets, s => s.GetProperty("name").GetString() == "app-integration");
        var delegation = Assert.Single(integration.Path("properties", "delegations").EnumerateArray());
        Assert.Equal("Microsoft.App/environments", delegation.Path("properties", "serviceName").GetString());
        Assert.Single(subnets, s => s.GetProperty("name").GetString() == "private-endpoints");

        var site = templates.Single("Microsoft.Web/sites").Properties;
        Assert.Equal("[if(empty(parameters('integrationSubnetId')), null(), parameters('integrationSubnetId'))]", site.GetProperty("virtualNetworkSubnetId").GetString());
        var functionApp = Assert.Single(templates.AllResources, r => r.SymbolicName == "functionApp");
        Assert.Equal(
            "[if(parameters('privateNetworking'), createObject('value', reference('network').outputs.integrationSubnetId.value), createObject('value', ''))]",
            functionApp.Element.Path("properties", "parameters", "integrationSubnetId").GetString());
    }

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts")]
    [InlineData("Microsoft.KeyVault/vaults")]
    public void When_on_storage_and_the_vault_refuse_public_traffic_and_when_off_they_stay_as_before(string type)
    {
        var resource = templates.Single(type).Properties;
        Assert.Equal("[if(parameters('privateNetworking'), 'Disabled', 'Enabled')]", resource.GetProperty("publicNetworkAccess").GetString());
        Assert.Equal("[if(parameters('privateNetworking'), 'Deny', 'Allow')]", resource.Path("networkAcls", "defaultAction").GetString());
    }

    [Fact]
    public void Deploy_guide_states_the_cost()
    {
        var guide = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "deploy.md"));
        Assert.Contains("PRIVATE_NETWORKING", guide, StringComparison.Ordinal);
        Assert.Contains("per hour", guide, StringComparison.Ordinal);
        Assert.Contains("approximate", guide, StringComparison.OrdinalIgnoreCase);
    }
}
