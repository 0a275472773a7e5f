using System.Globalization;
using Isms.Core.Collection;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Collection;

/// <summary>One run of a collector: when, why it ran, how it ended, what it measured and filed.</summary>
/// <param name="Trigger">"timer", or the UPN of the admin who ran it.</param>
public sealed record CollectorRun(
    string Id,
    string Collector,
    string Trigger,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    CollectorRunOutcome Outcome,
    string Summary,
    IReadOnlyList<CollectorFigure> Figures,
    IReadOnlyList<string> Problems)
{
    public CollectorErrorKind? ErrorKind { get; init; }

    /// <summary>Graph pages read.</summary>
    public int Pages { get; init; }

    /// <summary>The raw JSON, as evidence: its id, the version this run filed and its SHA-256.</summary>
    public string? EvidenceId { get; init; }

    public int? EvidenceVersion { get; init; }

    public string? Sha256 { get; init; }

    /// <summary>The HTML summary, as evidence.</summary>
    public string? SummaryEvidenceId { get; init; }

    public int? SummaryVersion { get; init; }

    /// <summary>The nonconformity this run raised (the second failure in a row), or the one it recorded a pass on.</summary>
    public string? FindingId { get; init; }
}

/// <summary>A collector between runs: its monitoring streak, its last run and the figures of its last collection.</summary>
public sealed record CollectorState
{
    public MonitoringStreak Streak { get; init; } = MonitoringStreak.None;

    public string? LastRunId { get; init; }

    public IReadOnlyList<CollectorFigure>? LastFigures { get; init; }

    /// <summary>The last run that collected (passed or failed): the evidence version a snapshot points at.</summary>
    public string? LastCollectedRunId { get; init; }
}

/// <summary>The Collectors table: each collector's state and its runs, newest first (<see cref="TableNames.Collectors"/>).</summary>
public sealed class CollectorStore(RecordStore store, SendLedger ledger)
{
    private const string StatePartition = "state";
    private const string RunningPartition = "running";

    /// <summary>A run that has held its collector this long has crashed: another may take it over.</summary>
    public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Claims the collector for one run (row <c>running</c>/{name}, through the send ledger's claim): null while another
    /// run holds it, so two runs at once (the timer and an admin's button) neither file two versions nor count one
    /// failure twice. A claim older than <see cref="RunTimeout"/> is a crashed run's and is taken over.
    /// </summary>
    public Task<Azure.ETag?> TryClaimAsync(string collector, CancellationToken cancellationToken) =>
        ledger.TryClaimAsync(TableNames.Collectors, RunningPartition, collector, RunTimeout, cancellationToken);

    /// <summary>Gives the collector back; a shutdown does not stop it (an unreleased claim would hold it for <see cref="RunTimeout"/>).</summary>
    public Task ReleaseAsync(string collector, Azure.ETag claim) => ledger.ReleaseAsync(TableNames.Collectors, RunningPartition, collector, claim);

    public static string RunsPartition(string collector) => $"runs|{collector}";

    /// <summary>A run id that says when it started and sorts newest first as a row key.</summary>
    public static string NewRunId(DateTimeOffset at) =>
        string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks:D19}-{RecordIds.New("RUN")}");

    private static RecordKey StateKey(string collector) => new(TableNames.Collectors, StatePartition, collector, $"collectors/{collector}");

    private static RecordKey RunKey(string collector, string runId) => new(TableNames.Collectors, RunsPartition(collector), runId, $"collectors/{collector}/runs/{runId}");

    public Task<Stored<CollectorState>?> StateAsync(string collector, CancellationToken cancellationToken) =>
        store.GetAsync<CollectorState>(StateKey(collector), cancellationToken);

    public Task<Stored<CollectorState>> SaveStateAsync(string collector, Stored<CollectorState>? before, CollectorState after, Caller caller, CancellationToken cancellationToken) =>
        before is null
            ? store.InsertAsync(StateKey(collector), after, caller, null, cancellationToken)
            : store.ReplaceAsync(StateKey(collector), before, after, caller, null, cancellationToken);

    public Task<Stored<CollectorRun>> AddRunAsync(CollectorRun run, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        return store.InsertAsync(RunKey(run.Collector, run.Id), run, caller, new Dictionary<string, object?> { ["Outcome"] = run.Outcome.ToString() }, cancellationToken);
    }

    public Task<Stored<CollectorRun>?> RunAsync(string collector, string runId, CancellationToken cancellationToken) =>
        RecordIds.IsWellFormed(runId) ? store.GetAsync<CollectorRun>(RunKey(collector, runId), cancellationToken) : Task.FromResult<Stored<CollectorRun>?>(null);

    /// <summary>A collector's runs, newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<CollectorRun>> RunsAsync(string collector, int limit, CancellationToken cancellationToken)
    {
        var runs = new List<CollectorRun>();
        await foreach (var run in store.QueryAsync<CollectorRun>(TableNames.Collectors, Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {RunsPartition(collector)}"), cancellationToken).ConfigureAwait(false))
        {
            runs.Add(run.Value);
            if (runs.Count >= limit)
            {
                break;
            }
        }

        return runs;
    }
}
