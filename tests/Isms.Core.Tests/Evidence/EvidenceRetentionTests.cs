using Isms.Core.Time;
using Isms.Core.Evidence;
using Microsoft.Extensions.Time.Testing;

namespace Isms.Core.Tests.Evidence;

public class EvidenceRetentionTests
{
    private static readonly DateOnly Effective = new(2023, 6, 30);

    [Fact]
    public void Evidence_is_kept_through_effective_date_plus_three_years_by_default()
    {
        var retention = EvidenceRetention.For(Effective, new EvidenceOptions(), legalHold: false);

        Assert.Equal(new DateOnly(2026, 6, 30), retention.RetainUntil);
        Assert.False(retention.IsDisposable(new DateOnly(2026, 6, 29)));
        Assert.False(retention.IsDisposable(new DateOnly(2026, 6, 30)));
        Assert.True(retention.IsDisposable(new DateOnly(2026, 7, 1)));
    }

    [Fact]
    public void Legal_hold_is_never_disposable()
    {
        var retention = new EvidenceRetention(Effective, 3, legalHold: true);

        Assert.False(retention.IsDisposable(new DateOnly(2026, 7, 1)));
        Assert.False(retention.IsDisposable(new DateOnly(2099, 1, 1)));
    }

    [Fact]
    public void Retention_follows_the_configured_years_and_the_organisations_date()
    {
        var retention = EvidenceRetention.For(Effective, new EvidenceOptions { RetentionYears = 7 }, legalHold: false);
        var clock = OrganisationClock.Utc(new FakeTimeProvider(new DateTimeOffset(2030, 6, 30, 23, 59, 0, TimeSpan.Zero)));

        Assert.Equal(new DateOnly(2030, 6, 30), retention.RetainUntil);
        Assert.False(retention.IsDisposable(clock.Today));
        ((FakeTimeProvider)clock.Time).Advance(TimeSpan.FromMinutes(1));
        Assert.True(retention.IsDisposable(clock.Today));
    }

    [Fact]
    public void Leap_day_evidence_is_kept_to_the_end_of_february()
    {
        var retention = new EvidenceRetention(new DateOnly(2024, 2, 29), 3, legalHold: false);

        Assert.Equal(new DateOnly(2027, 2, 28), retention.RetainUntil);
        Assert.True(retention.IsDisposable(new DateOnly(2027, 3, 1)));
    }

    [Fact]
    public void Zero_years_keeps_evidence_through_its_effective_date_and_negative_is_refused()
    {
        Assert.False(new EvidenceRetention(Effective, 0, false).IsDisposable(Effective));
        Assert.True(new EvidenceRetention(Effective, 0, false).IsDisposable(Effective.AddDays(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EvidenceRetention(Effective, -1, false));
    }

    [Fact]
    public void Options_defaults_and_validation()
    {
        var options = new EvidenceOptions();
        Assert.Equal(("Evidence", 3, 104_857_600L, 14), (EvidenceOptions.SectionName, options.RetentionYears, options.MaxHttpUploadBytes, options.DueSoonDays));
        Assert.Empty(options.Validate());

        var errors = new EvidenceOptions { RetentionYears = -1, MaxHttpUploadBytes = 200L * 1024 * 1024, DueSoonDays = -1 }.Validate();
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("Evidence:MaxHttpUploadBytes", StringComparison.Ordinal));
    }
}
