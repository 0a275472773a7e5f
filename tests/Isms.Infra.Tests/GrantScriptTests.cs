using Isms.Functions.Collection;

namespace Isms.Infra.Tests;

/// <summary>
/// infra/scripts/grant-graph-permissions.sh run for real with a stand-in for az: it grants the app's own permissions
/// and exactly those of the evidence collectors that are on, as the collectors' code names them, nothing for a
/// collector turned off, and reports a grant no collector that is on needs any more.
/// </summary>
public sealed class GrantScriptTests : IDisposable
{
    private static readonly string[] AppOwn = ["User.Read.All", "GroupMember.Read.All", "TeamsActivity.Send"];

    private readonly StubbedScript _script = new();

    private string Log => _script.Log;

    public GrantScriptTests()
    {
        // az: Graph's service principal, each app role's id as "role-{permission}", the identity's grants from GRANTED.
        _script.Write("az", """
            #!/usr/bin/env bash
            echo "az $*" >> "$CALLS"
            case "$*" in
              "cloud show"*) exit 0 ;;
              *"ad sp show"*"--query id "*) echo "graph-sp" ;;
              *"ad sp show"*"appRoles"*) p="$*"; p="${p#*value==\'}"; echo "role-${p%%\'*}" ;;
              *"rest --method GET"*) for r in $GRANTED; do echo "role-$r"; done ;;
              *"rest --method POST"*) ;;
            esac
            """);
        _script.Write("azd", "#!/usr/bin/env bash\nexit 1");
    }

    /// <summary>Every collector's permissions, from the code the app runs.</summary>
    private static Dictionary<string, IReadOnlyList<string>> CollectorPermissions() =>
        typeof(EvidenceCollector).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(EvidenceCollector)) && !t.IsAbstract)
            .Select(t => (EvidenceCollector)Activator.CreateInstance(t)!)
            .ToDictionary(c => c.Name, c => c.Permissions);

    [Fact]
    public void Grants_the_apps_permissions_and_exactly_those_of_the_collectors_that_are_on()
    {
        var collectors = CollectorPermissions();
        Assert.Equal(7, collectors.Count);
        var run = Run(off: "managed-devices, Secure-Score", granted: "User.Read.All");

        Assert.Equal(0, run.ExitCode);
        var expected = AppOwn.Concat(collectors.Where(c => c.Key is not ("managed-devices" or "secure-score")).SelectMany(c => c.Value))
            .Distinct().Where(p => p != "User.Read.All").Order(StringComparer.Ordinal);
        Assert.Equal(expected, Granted().Order(StringComparer.Ordinal));
        Assert.Contains("collector managed-devices is off", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void With_every_collector_off_only_the_apps_own_permissions_are_granted_and_a_stale_grant_is_reported()
    {
        var run = Run(off: "all", granted: "SecurityEvents.Read.All");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(AppOwn.Order(StringComparer.Ordinal), Granted().Order(StringComparer.Ordinal));
        Assert.Contains("SecurityEvents.Read.All is granted but no collector that is on needs it", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void The_script_names_each_collectors_permissions_as_the_code_does()
    {
        var script = File.ReadAllText(Path.Combine(RepoPaths.Infra, "scripts", "grant-graph-permissions.sh"));
        foreach (var (name, permissions) in CollectorPermissions())
        {
            Assert.Contains($"    {name}) echo \"{string.Join(' ', permissions)}\" ;;", script, StringComparison.Ordinal);
        }
    }

    private List<string> Granted() =>
        [.. File.ReadAllLines(Log).Where(c => c.Contains("rest --method POST", StringComparison.Ordinal))
            .Select(c => c[(c.IndexOf("\"appRoleId\":\"role-", StringComparison.Ordinal) + "\"appRoleId\":\"role-".Length)..].Split('"')[0])];

    private (int ExitCode, string Output) Run(string off, string granted) =>
        _script.Run("grant-graph-permissions.sh", new Dictionary<string, string>
        {
            ["GRANTED"] = granted,
            ["ISMS_COLLECTORS_OFF"] = off,
            ["AZURE_USER_ASSIGNED_IDENTITY_PRINCIPAL_ID"] = "identity-1",
        }, "--yes");

    public void Dispose() => _script.Dispose();
}
