using System.Globalization;

namespace Isms.Infra.Tests;

/// <summary>Issue 16: the deployment identity is Contributor on the resource group and may grant only the app's data roles, only to the app.</summary>
[Collection(CompiledTemplatesGroup.Name)]
public sealed class DeploymentAccessTests(CompiledTemplates templates)
{
    private const string Contributor = "b24988ac-6180-42ba-9f2a-d8c5ddc6bba2";
    private const string RoleBasedAccessControlAdministrator = "f58310d9-a9f6-439a-9e8d-f62e7b41a168";

    [Fact]
    public void Without_a_deployment_principal_nothing_is_granted()
    {
        Assert.Equal("", templates.Main.Path("parameters", "deploymentPrincipalId", "defaultValue").GetString());
        var module = Assert.Single(templates.AllResources, r => r.SymbolicName == "deploymentAccess" && r.IsType("Microsoft.Resources/deployments"));
        Assert.Equal("[not(empty(parameters('deploymentPrincipalId')))]", module.Element.GetProperty("condition").GetString());
        Assert.Equal("[reference('identity').outputs.identity.value.principalId]", module.Element.Path("properties", "parameters", "appPrincipalId", "value").GetString());
        Assert.Equal("[reference('roleAssignments').outputs.roleIds.value]", module.Element.Path("properties", "parameters", "appRoleIds", "value").GetString());
    }

    [Fact]
    public void The_deployment_identity_is_contributor_on_the_resource_group_only_without_a_condition()
    {
        var contributor = Assignment(Contributor);
        Assert.False(contributor.Element.TryGetProperty("scope", out _), "assigned at the module's scope: the resource group");
        Assert.Equal("[parameters('deploymentPrincipalId')]", contributor.Properties.GetProperty("principalId").GetString());
        Assert.False(contributor.Properties.TryGetProperty("condition", out _), "Contributor cannot write role assignments; it needs no condition");
        var module = Assert.Single(templates.AllResources, r => r.SymbolicName == "deploymentAccess" && r.IsType("Microsoft.Resources/deployments"));
        // The module is deployed into the app's resource group, never at subscription scope.
        Assert.Contains("resourceGroupName", module.Element.GetProperty("resourceGroup").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_deployment_identity_may_write_and_delete_only_the_apps_data_roles_for_the_app_identity()
    {
        var administrator = Assignment(RoleBasedAccessControlAdministrator);
        Assert.Equal("2.0", administrator.Properties.GetProperty("conditionVersion").GetString());
        Assert.Equal(
            "[format(variables('assignOnlyAppRolesToApp'), variables('allowedRoles'), parameters('appPrincipalId'))]",
            administrator.Properties.GetProperty("condition").GetString());
        Assert.Equal("[join(parameters('appRoleIds'), ', ')]", administrator.DeclaringTemplate.Path("variables", "allowedRoles").GetString());

        // Render the condition as ARM's format() does (.NET composite formatting) with two roles and one principal.
        var template = administrator.DeclaringTemplate.Path("variables", "assignOnlyAppRolesToApp").GetString()!;
        var condition = string.Format(CultureInfo.InvariantCulture, template, "ba92f5b4-2d11-453d-a403-e96b0029c9fe, 0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", "11111111-2222-3333-4444-555555555555");
        var compact = string.Join(' ', condition.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries));

        Assert.Contains(
            "( ( !(ActionMatches{'Microsoft.Authorization/roleAssignments/write'}) ) OR ( " +
            "@Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {ba92f5b4-2d11-453d-a403-e96b0029c9fe, 0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3} AND " +
            "@Request[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAnyValues:GuidEquals {11111111-2222-3333-4444-555555555555} ) )",
            compact, StringComparison.Ordinal);
        Assert.Contains(
            "( ( !(ActionMatches{'Microsoft.Authorization/roleAssignments/delete'}) ) OR ( " +
            "@Resource[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {ba92f5b4-2d11-453d-a403-e96b0029c9fe, 0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3} AND " +
            "@Resource[Microsoft.Authorization/roleAssignments:PrincipalId] ForAnyOfAnyValues:GuidEquals {11111111-2222-3333-4444-555555555555} ) )",
            compact, StringComparison.Ordinal);
        Assert.Contains(") ) AND ( (", compact, StringComparison.Ordinal);
    }

    [Fact]
    public void The_roles_the_deployment_identity_may_grant_are_exactly_those_the_app_identity_holds()
    {
        var roleAssignments = Assert.Single(templates.AllResources, r => r.SymbolicName == "roleAssignments" && r.IsType("Microsoft.Resources/deployments"));
        var nested = roleAssignments.Element.Path("properties", "template");
        Assert.Equal("[map(items(variables('roles')), lambda('role', lambdaVariables('role').value))]", nested.Path("outputs", "roleIds", "value").GetString());
        var granted = ArmResource.Walk(nested).Where(r => r.IsType("Microsoft.Authorization/roleAssignments"))
            .Select(r => r.Properties.GetProperty("roleDefinitionId").GetString()!)
            // The custom snapshot-signer role is not one the deployment identity may grant (docs/deploy.md: an Owner's first azd up).
            .Where(id => id.Contains("variables('roles').", StringComparison.Ordinal))
            .Select(id => id.Split("variables('roles').", StringSplitOptions.None)[1].TrimEnd(')', ']'))
            .ToHashSet(StringComparer.Ordinal);
        var declared = nested.Path("variables", "roles").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(declared.Order(), granted.Order());
    }

    [Fact]
    public void Deploy_guide_documents_the_deployment_principal()
    {
        var guide = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "deploy.md"));
        Assert.Contains("DEPLOYMENT_PRINCIPAL_ID", guide, StringComparison.Ordinal);
        Assert.Contains("deploymentPrincipalId", File.ReadAllText(Path.Combine(RepoPaths.Infra, "main.parameters.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void The_pipeline_never_grants_the_deployment_identity_its_own_roles()
    {
        // Its ABAC condition refuses it the write of its own assignments: only an Owner's provision may pass the id.
        var workflow = File.ReadAllText(Path.Combine(RepoPaths.Root, ".github", "workflows", "deploy.yml"));
        Assert.DoesNotContain("DEPLOYMENT_PRINCIPAL_ID:", workflow, StringComparison.Ordinal);
        Assert.Contains("WORM_POLICIES_LOCKED: ${{ vars.WORM_POLICIES_LOCKED || 'false' }}", workflow, StringComparison.Ordinal);
    }

    private ArmResource Assignment(string roleId) =>
        Assert.Single(
            templates.Deployed("Microsoft.Authorization/roleAssignments"),
            r => TemplateQueries.ResolveVariables(r.Properties.GetProperty("roleDefinitionId").GetString()!, r.DeclaringTemplate).Contains(roleId, StringComparison.OrdinalIgnoreCase));
}
