namespace Isms.Infra.Tests;

/// <summary>
/// infra/scripts/lock-worm-policies.sh run for real, with stand-ins for az and azd on the PATH that answer as Azure
/// would and record what they were asked: it locks only when the template says so, with each policy's ETag, skips a
/// policy already locked, and records WORM_POLICIES_LOCKED so the next provision leaves the policies alone.
/// </summary>
public sealed class LockScriptTests : IDisposable
{
    private readonly StubbedScript _script = new();

    private string Log => _script.Log;

    public LockScriptTests()
    {
        // az: "show" answers the state and ETag set for the container in STATE_<container>; "lock" is recorded.
        _script.Write("az", """
            #!/usr/bin/env bash
            echo "az $*" >> "$CALLS"
            if [[ "$*" == *"immutability-policy show"* ]]; then
              for c in evidence snapshots; do
                if [[ "$*" == *"--container-name $c "* ]]; then var="STATE_$c"; printf '%s\n"0x8D%s"\n' "${!var}" "$c"; fi
              done
            fi
            """);
        _script.Write("azd", """
            #!/usr/bin/env bash
            echo "azd $*" >> "$CALLS"
            if [[ "$1 $2" == "env get-value" ]]; then exit 1; fi
            """);
    }

    [Fact]
    public void Locks_both_policies_with_their_etags_and_records_that_they_are_locked()
    {
        var run = Run(lockPolicies: "true", evidence: "Unlocked", snapshots: "Unlocked");

        Assert.Equal(0, run.ExitCode);
        var calls = File.ReadAllLines(Log);
        Assert.Contains(calls, c => c.Contains("immutability-policy lock", StringComparison.Ordinal) && c.Contains("--container-name evidence", StringComparison.Ordinal) && c.Contains("--if-match \"0x8Devidence\"", StringComparison.Ordinal));
        Assert.Contains(calls, c => c.Contains("immutability-policy lock", StringComparison.Ordinal) && c.Contains("--container-name snapshots", StringComparison.Ordinal) && c.Contains("--if-match \"0x8Dsnapshots\"", StringComparison.Ordinal));
        Assert.Contains("azd env set WORM_POLICIES_LOCKED true", calls);
    }

    [Fact]
    public void A_policy_already_locked_is_left_alone()
    {
        var run = Run(lockPolicies: "true", evidence: "Locked", snapshots: "Unlocked");

        Assert.Equal(0, run.ExitCode);
        var locks = File.ReadAllLines(Log).Where(c => c.Contains("immutability-policy lock", StringComparison.Ordinal)).ToList();
        Assert.Contains("--container-name snapshots", Assert.Single(locks), StringComparison.Ordinal);
        Assert.Contains("evidence: already locked", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_locked_when_the_template_says_not_to()
    {
        var run = Run(lockPolicies: "false", evidence: "Unlocked", snapshots: "Unlocked");

        Assert.Equal(0, run.ExitCode);
        Assert.False(File.Exists(Log) && File.ReadAllLines(Log).Any(c => c.StartsWith("az ", StringComparison.Ordinal)), "az must not be called");
    }

    [Fact]
    public void A_dry_run_locks_nothing_and_records_nothing()
    {
        var run = Run(lockPolicies: "true", evidence: "Unlocked", snapshots: "Unlocked", "--dry-run");

        Assert.Equal(0, run.ExitCode);
        var calls = File.ReadAllLines(Log);
        Assert.DoesNotContain(calls, c => c.Contains("immutability-policy lock", StringComparison.Ordinal) || c.Contains("env set", StringComparison.Ordinal));
        Assert.Contains("evidence: Unlocked -> Locked", run.Output, StringComparison.Ordinal);
    }

    private (int ExitCode, string Output) Run(string lockPolicies, string evidence, string snapshots, params string[] arguments) =>
        _script.Run("lock-worm-policies.sh", new Dictionary<string, string>
        {
            ["WORM_LOCK_POLICIES"] = lockPolicies,
            ["AZURE_STORAGE_ACCOUNT_NAME"] = "stcontoso",
            ["AZURE_RESOURCE_GROUP"] = "rg-isms-prod",
            ["STATE_evidence"] = evidence,
            ["STATE_snapshots"] = snapshots,
        }, arguments);

    public void Dispose() => _script.Dispose();
}
