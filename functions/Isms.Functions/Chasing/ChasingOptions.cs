namespace Isms.Functions.Chasing;

/// <summary>How the chasing run works its ledger; every setting has a default.</summary>
public sealed class ChasingOptions
{
    public const string SectionName = "Chasing";

    /// <summary>
    /// A claim not confirmed within this time is taken to be left by a crashed run and may be claimed again.
    /// It must outlast one send with its throttling retries, or a slow send could be repeated.
    /// </summary>
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Owners whose ledger the timer reads at once.</summary>
    public int Parallelism { get; set; } = 32;

    /// <summary>The Teams activity type (declared in infra/teams-app/manifest.json) for a digest with something overdue.</summary>
    public string OverdueActivityType { get; set; } = "correctiveActionOverdue";

    /// <summary>The Teams activity type for a digest with nothing overdue yet.</summary>
    public string DueActivityType { get; set; } = "correctiveActionDue";
}
