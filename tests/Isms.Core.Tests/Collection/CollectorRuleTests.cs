using Isms.Core.Collection;

namespace Isms.Core.Tests.Collection;

public sealed class CollectorRuleTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static decimal Figure(CollectorVerdict verdict, string name) => verdict.Figures.Single(f => f.Name == name).Value;

    [Fact]
    public void MFA_counts_members_only_and_every_admin_must_be_capable()
    {
        var tally = new MfaRegistrationTally(95);
        for (var i = 0; i < 19; i++)
        {
            tally.Add($"u{i}@contoso.example", isMember: true, isAdmin: false, isMfaCapable: true);
        }

        tally.Add("guest@partner.example", isMember: false, isAdmin: false, isMfaCapable: false);
        tally.Add("leaver@contoso.example", isMember: true, isAdmin: true, isMfaCapable: false, enabled: false);
        tally.Add("admin@contoso.example", isMember: true, isAdmin: true, isMfaCapable: true);
        var passed = tally.Verdict();
        Assert.True(passed.Passed);
        Assert.Equal(100m, Figure(passed, "membersMfaCapablePercent"));
        Assert.Equal(1m, Figure(passed, "disabledLeftOut"));

        tally.Add("admin2@contoso.example", isMember: true, isAdmin: true, isMfaCapable: false);
        var failed = tally.Verdict();
        Assert.False(failed.Passed);
        Assert.Contains("admin2@contoso.example", failed.Summary, StringComparison.Ordinal);
        Assert.Equal(95.2m, Figure(failed, "membersMfaCapablePercent"));
    }

    [Fact]
    public void MFA_share_below_the_threshold_fails_even_with_every_admin_capable()
    {
        var tally = new MfaRegistrationTally(95);
        for (var i = 0; i < 10; i++)
        {
            tally.Add($"u{i}", isMember: true, isAdmin: false, isMfaCapable: i < 9);
        }

        var verdict = tally.Verdict();
        Assert.False(verdict.Passed);
        Assert.Contains("90% of enabled members can do MFA, below the 95% required", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Conditional_access_in_report_only_mode_enforces_nothing()
    {
        var tally = new ConditionalAccessTally();
        tally.Add(new ConditionalAccessPolicy("MFA", "enabledForReportingButNotEnforced", true, true, RequiresMfa: true, Blocks: false, LegacyClients: false));
        tally.Add(new ConditionalAccessPolicy("Legacy", "enabled", true, true, RequiresMfa: false, Blocks: true, LegacyClients: true));
        var verdict = tally.Verdict();
        Assert.False(verdict.Passed);
        Assert.Equal(["No enabled policy requires MFA of all users for all applications."], verdict.Problems);
        Assert.Equal(1m, Figure(verdict, "reportOnly"));
    }

    [Fact]
    public void Privileged_roles_count_global_admins_once_each_and_name_holders_that_are_not_people()
    {
        var tally = new PrivilegedRolesTally(2, 3, new HashSet<string> { "sp-exempt" });
        tally.Add(PrivilegedRolesTally.GlobalAdministratorTemplateId, "u1", "user", "a@contoso.example", eligible: false);
        tally.Add(PrivilegedRolesTally.GlobalAdministratorTemplateId, "u1", "user", "a@contoso.example", eligible: true);
        tally.Add(PrivilegedRolesTally.GlobalAdministratorTemplateId, "u2", "user", "b@contoso.example", eligible: true);
        tally.Add("other-role", "sp-exempt", "servicePrincipal", "Backup", eligible: false);
        Assert.True(tally.Verdict().Passed);

        tally.Add("other-role", "g1", "group", "Helpdesk group", eligible: false);
        tally.Add(PrivilegedRolesTally.GlobalAdministratorTemplateId, "u3", "user", "c@contoso.example", eligible: false);
        tally.Add(PrivilegedRolesTally.GlobalAdministratorTemplateId, "u4", "user", "d@contoso.example", eligible: false);
        var verdict = tally.Verdict();
        Assert.False(verdict.Passed);
        Assert.Contains("4 Global Administrators, outside the 2 to 3 allowed.", verdict.Problems);
        Assert.Contains(verdict.Problems, p => p.Contains("Helpdesk group (group g1)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_guest_who_never_signed_in_counts_from_the_day_it_was_invited()
    {
        var tally = new GuestTally(90, Now);
        tally.Add("new", Now.AddDays(-10), null);
        tally.Add("active", Now.AddDays(-400), Now.AddDays(-89));
        Assert.True(tally.Verdict().Passed);
        tally.Add("ghost", Now.AddDays(-91), null);
        var verdict = tally.Verdict();
        Assert.False(verdict.Passed);
        Assert.Equal(2m, Figure(verdict, "neverSignedIn"));
        Assert.Contains("ghost", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Application_credentials_expired_or_within_the_warning_fail_and_are_named()
    {
        var tally = new AppCredentialTally(30, Now);
        tally.AddApplication();
        tally.AddCredential("Payroll", "secret", "s1", Now.AddDays(31));
        Assert.True(tally.Verdict().Passed);
        tally.AddCredential("Payroll", "certificate", null, Now.AddDays(30));
        tally.AddCredential("HR", "secret", "old", Now.AddDays(-1));
        var verdict = tally.Verdict();
        Assert.False(verdict.Passed);
        Assert.Equal(1m, Figure(verdict, "expired"));
        Assert.Equal(1m, Figure(verdict, "expiringSoon"));
        Assert.Contains("HR: secret 'old' expired 2026-11-30", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Secure_score_fails_below_the_minimum_or_on_a_fall_larger_than_allowed()
    {
        var tally = new SecureScoreTally(50, 5);
        tally.SetScore(60, 100);
        Assert.True(tally.Verdict(previousPercent: null).Passed);
        Assert.True(tally.Verdict(previousPercent: 64).Passed);
        var fell = tally.Verdict(previousPercent: 66);
        Assert.False(fell.Passed);
        Assert.Contains("fell 6 points", fell.Summary, StringComparison.Ordinal);

        var low = new SecureScoreTally(50, 5);
        low.SetScore(40, 100);
        Assert.False(low.Verdict(null).Passed);
        Assert.False(new SecureScoreTally(50, 5).Verdict(null).Passed);
    }

    [Fact]
    public void Managed_devices_share_compliant_against_the_threshold()
    {
        var tally = new ManagedDevicesTally(90);
        for (var i = 0; i < 9; i++)
        {
            tally.Add("compliant");
        }

        tally.Add("inGracePeriod");
        Assert.True(tally.Verdict().Passed);
        tally.Add(null);
        var verdict = tally.Verdict();
        Assert.False(verdict.Passed);
        Assert.Contains("1 unknown", verdict.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Listed_names_at_most_twenty_and_says_how_many_more()
    {
        var listed = CollectorVerdict.Listed([.. Enumerable.Range(1, 25).Select(i => $"x{i}")]);
        Assert.StartsWith("25 (x1, x2,", listed, StringComparison.Ordinal);
        Assert.EndsWith("x20, … and 5 more)", listed, StringComparison.Ordinal);
    }
}
