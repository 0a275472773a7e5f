using System.Text.RegularExpressions;

namespace Isms.Infra.Tests;

[Collection(CompiledTemplatesGroup.Name)]
public sealed partial class RoleAssignmentTests(CompiledTemplates templates)
{
    private static readonly Dictionary<string, string> ExpectedRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["b7e6dc6d-f1e8-4753-8033-0f276bb0955b"] = "Storage Blob Data Owner",
        ["ba92f5b4-2d11-453d-a403-e96b0029c9fe"] = "Storage Blob Data Contributor",
        ["0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3"] = "Storage Table Data Contributor",
        ["974c5e8b-45b9-4653-ba55-5f855dd0fb88"] = "Storage Queue Data Contributor",
        ["3913510d-42f4-4e42-8a64-420c390055eb"] = "Monitoring Metrics Publisher",
        ["4633458b-17de-408a-b874-0445c86b69e6"] = "Key Vault Secrets User",
    };

    [Fact]
    public void The_identity_gets_exactly_the_least_privilege_role_set()
    {
        var granted = Assignments().Select(a => a.RoleId).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        Assert.Equal(ExpectedRoles.Keys.Order(), granted.Order(), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void Each_assignment_is_named_guid_of_scope_principal_and_role()
    {
        foreach (var assignment in Assignments())
        {
            var name = GuidOfThree().Match(assignment.ResolvedName);
            Assert.True(name.Success, $"{ExpectedRoles[assignment.RoleId]}: name is not guid(scope, principal, role): {assignment.Resource.Name}");
            Assert.Contains(assignment.RoleId, name.Groups["role"].Value, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("userAssignedIdentities", name.Groups["principal"].Value, StringComparison.Ordinal);
            Assert.Equal("ServicePrincipal", assignment.Resource.Properties.GetProperty("principalType").GetString());
        }
    }

    [Fact]
    public void Blob_data_owner_is_confined_to_single_containers()
    {
        // The deployment container (Flex packages), evidence (blob legal holds) and, only with
        // malware scanning, staging (verdict tags): never the account.
        var owners = Assignments().Where(a => a.RoleId == "b7e6dc6d-f1e8-4753-8033-0f276bb0955b").ToList();
        Assert.All(owners, owner => Assert.Contains("Microsoft.Storage/storageAccounts/blobServices/containers", owner.Resource.Element.GetProperty("scope").GetString(), StringComparison.Ordinal));
        var scopes = owners.Select(o => o.Resource.Element.GetProperty("scope").GetString()!).ToList();
        Assert.Equal(3, scopes.Count);
        Assert.Single(scopes, s => s.Contains("deploymentContainerName", StringComparison.Ordinal));
        Assert.Single(scopes, s => s.Contains("evidenceContainerName", StringComparison.Ordinal));
        var staging = Assert.Single(owners, o => o.Resource.Element.GetProperty("scope").GetString()!.Contains("stagingContainerName", StringComparison.Ordinal));
        Assert.Equal("[parameters('readsScanVerdicts')]", staging.Resource.Element.GetProperty("condition").GetString());
    }

    [Fact]
    public void Nothing_but_the_app_identity_and_the_deployment_identity_is_granted_a_role()
    {
        Assert.All(Assignments(), a => Assert.Equal("[parameters('principalId')]", a.Resource.Properties.GetProperty("principalId").GetString()));
        Assert.Equal(2, templates.Deployed("Microsoft.Authorization/roleAssignments").Count(r => r.Properties.GetProperty("principalId").GetString() == "[parameters('deploymentPrincipalId')]"));
    }

    /// <summary>
    /// The app identity's assignments of built-in roles; the custom snapshot-signer role is <see cref="SnapshotSigningKeyTests"/>'
    /// and the deployment identity's own (deployment-access.bicep) are <see cref="DeploymentAccessTests"/>'.
    /// </summary>
    private List<(ArmResource Resource, string RoleId, string ResolvedName)> Assignments() =>
        templates.Deployed("Microsoft.Authorization/roleAssignments")
            .Where(r => !SnapshotSigningKeyTests.IsCustomRole(r))
            .Where(r => r.Properties.GetProperty("principalId").GetString() != "[parameters('deploymentPrincipalId')]")
            .Select(r =>
            {
                var definition = TemplateQueries.ResolveVariables(r.Properties.GetProperty("roleDefinitionId").GetString()!, r.DeclaringTemplate);
                var roleId = RoleGuid().Match(definition);
                Assert.True(roleId.Success, "Role definition id is not a literal GUID: " + definition);
                return (r, roleId.Value, TemplateQueries.ResolveVariables(r.Name, r.DeclaringTemplate));
            })
            .ToList();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", RegexOptions.IgnoreCase)]
    private static partial Regex RoleGuid();

    // guid(<scope id>, <principal>, <role>) with the three arguments split at top-level commas.
    [GeneratedRegex(@"^\[guid\((?<scope>resourceId\((?:[^()]|\([^()]*\))*\)), (?<principal>resourceId\((?:[^()]|\([^()]*\))*\)), (?<role>'[^']+')\)\]$")]
    private static partial Regex GuidOfThree();
}
