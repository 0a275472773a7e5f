using System.Text;
using Azure.Storage.Blobs.Specialized;
using Isms.Core.Audits;
using Isms.Core.Collection;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Evidence;
using Isms.Functions.Notifications;
using Isms.Functions.Pages;
using Isms.Functions.Pages.Collectors;
using Isms.Functions.Pages.Parts;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Storage;
using Microsoft.Graph;

namespace Isms.Functions.Collection;

/// <summary>
/// Runs the evidence collectors. Each run of a collector reads Graph, streams the raw responses into a new version of
/// its raw-JSON evidence and files an HTML summary as a new version of its summary evidence (both WORM, effective the
/// day collected, uploaded by <see cref="System"/>, marked collected), records the run, and applies the monitoring
/// rule (<see cref="MonitoringRule"/>): the second failure in a row raises one nonconformity (source Monitoring), a
/// later pass is recorded on it. A run that cannot collect files nothing, records why, and the ISMS manager is told
/// once per streak of such runs. One collector's failure never stops the others.
/// </summary>
public sealed partial class CollectorRunner(
    IEnumerable<EvidenceCollector> collectors,
    GraphServiceClient graph,
    CollectorStore store,
    EvidenceRegister evidence,
    EvidenceFiling filing,
    FindingService findings,
    SendLedger ledger,
    INotificationChannel channel,
    IOptions<CollectorOptions> options,
    IOptions<IsmsOptions> isms,
    OrganisationClock clock,
    ILogger<CollectorRunner> logger)
{
    public const string System = "system:CollectEvidence";
    public const string FailureNoticeKind = "CollectorFailed";

    private static readonly Caller App = new(System, System, new HashSet<string> { Roles.Admin });

    public IReadOnlyList<EvidenceCollector> All { get; } = [.. collectors.OrderBy(c => c.Name, StringComparer.Ordinal)];

    public CollectorOptions Options => options.Value;

    public EvidenceCollector? Find(string name) => All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public bool IsEnabled(EvidenceCollector collector)
    {
        ArgumentNullException.ThrowIfNull(collector);
        return options.Value.Enabled && collector.IsEnabled(options.Value);
    }

    /// <summary>
    /// Where each collector stands, in name order: its state, latest run and last collection (each null before there is
    /// one). The one read behind <c>GET /api/collectors</c>, the page and the snapshot.
    /// </summary>
    public async Task<IReadOnlyList<CollectorStanding>> StandingAsync(CancellationToken cancellationToken)
    {
        var standing = new List<CollectorStanding>(All.Count);
        foreach (var collector in All)
        {
            var state = (await store.StateAsync(collector.Name, cancellationToken).ConfigureAwait(false))?.Value;
            var last = state?.LastRunId is { } lastId ? (await store.RunAsync(collector.Name, lastId, cancellationToken).ConfigureAwait(false))?.Value : null;
            var collected = state?.LastCollectedRunId is not { } collectedId ? null
                : collectedId == last?.Id ? last
                : (await store.RunAsync(collector.Name, collectedId, cancellationToken).ConfigureAwait(false))?.Value;
            standing.Add(new CollectorStanding(collector, state, last, collected));
        }

        return standing;
    }

    /// <summary>The ids of a collector's two pieces of evidence: fixed, so a crashed first run is continued, not doubled.</summary>
    public static (string Raw, string Summary) EvidenceIds(string collector) =>
        ($"EV-COLLECTED-{collector.ToUpperInvariant()}", $"EV-COLLECTED-{collector.ToUpperInvariant()}-SUMMARY");

    /// <summary>The refusal for a name that is no collector, naming those there are.</summary>
    public Refusal Unknown(string name) =>
        Refusal.For(RefusalCode.NotFound, "name", $"There is no collector '{name}'; the collectors are {string.Join(", ", All.Select(c => c.Name))}.");

    /// <summary>Each collector as <c>GET /api/collectors</c> and the collectors page show it.</summary>
    public async Task<IReadOnlyList<CollectorResponse>> ListAsync(CancellationToken cancellationToken) =>
        [.. (await StandingAsync(cancellationToken).ConfigureAwait(false)).Select(s => new CollectorResponse(
            s.Collector.Name,
            s.Collector.Title,
            IsEnabled(s.Collector),
            s.Collector.Permissions,
            s.Collector.ControlIds,
            s.Collector.Reads,
            s.Collector.Rule(options.Value),
            s.LastRun,
            s.LastRun?.Outcome,
            s.State?.LastFigures ?? [],
            s.State?.Streak.ConsecutiveFailures ?? 0,
            s.State?.Streak.OpenFindingId))];

    /// <summary>
    /// An ISMS admin's "run it now", from the API or the page: refused for a collector that is not there (404), is off,
    /// or is running already (409, in words); otherwise the run, whatever its outcome.
    /// </summary>
    public async Task<Outcome<CollectorRun>> RunNowAsync(string name, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if (Find(name) is not { } collector)
        {
            return Outcome.Refused<CollectorRun>(Unknown(name));
        }

        if (!IsEnabled(collector))
        {
            return Outcome.Refused<CollectorRun>(RefusalCode.InvalidTransition, "name", $"Collector {collector.Name} is turned off (Collectors:Enabled or its own Enabled setting); turn it on to run it.");
        }

        return await RunAsync(collector, caller.Upn, cancellationToken).ConfigureAwait(false) is { } run
            ? Outcome.Success(run)
            : Outcome.Refused<CollectorRun>(RefusalCode.InvalidTransition, "name", $"Collector {collector.Name} is running already; its run will be listed when it ends.");
    }

    /// <summary>The timer's run: every enabled collector, one after another, each on its own.</summary>
    public async Task<IReadOnlyList<CollectorRun>> RunAllAsync(CancellationToken cancellationToken)
    {
        var runs = new List<CollectorRun>();
        foreach (var collector in All.Where(IsEnabled))
        {
            try
            {
                if (await RunAsync(collector, "timer", cancellationToken).ConfigureAwait(false) is { } run)
                {
                    runs.Add(run);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogCrashed(logger, ex, collector.Name);
            }
        }

        return runs;
    }

    /// <summary>One run of one collector, recorded whatever its outcome; null when another run of it is under way.</summary>
    public async Task<CollectorRun?> RunAsync(EvidenceCollector collector, string trigger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(collector);
        if (await store.TryClaimAsync(collector.Name, cancellationToken).ConfigureAwait(false) is not { } claim)
        {
            LogBusy(logger, collector.Name);
            return null;
        }

        try
        {
            return await RunClaimedAsync(collector, trigger, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await store.ReleaseAsync(collector.Name, claim).ConfigureAwait(false);
        }
    }

    private async Task<CollectorRun> RunClaimedAsync(EvidenceCollector collector, string trigger, CancellationToken cancellationToken)
    {
        var startedAt = clock.Now;
        var runId = CollectorStore.NewRunId(startedAt);
        var state = await store.StateAsync(collector.Name, cancellationToken).ConfigureAwait(false);
        var current = state?.Value ?? new CollectorState();
        var (rawId, _) = EvidenceIds(collector.Name);
        var container = await evidence.ContainerAsync(cancellationToken).ConfigureAwait(false);
        var context = new CollectionContext(options.Value, startedAt, current.LastFigures);

        CollectorRun run;
        var rawBlob = container.GetBlockBlobClient(EvidenceFiling.NewBlobName(rawId));
        var raw = new RawRecord(new HashedBlockBlobWriter(rawBlob, 2), collector.Name, startedAt);
        await using (raw.ConfigureAwait(false))
        {
            var reads = new GraphReads(graph, raw, collector.Permissions);
            try
            {
                var verdict = await collector.CollectAsync(reads, context, cancellationToken).ConfigureAwait(false);
                var written = await raw.CommitAsync(new Dictionary<string, string> { ["collector"] = collector.Name, ["run"] = runId }, cancellationToken).ConfigureAwait(false);
                run = await FileRunAsync(collector, runId, trigger, startedAt, verdict, written, reads.Pages, container, cancellationToken).ConfigureAwait(false);
            }
            catch (CollectionFailedException ex)
            {
                run = Failed(collector, runId, trigger, startedAt, ex.Kind, ex.Message, reads.Pages);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogFault(logger, ex, collector.Name);
                run = Failed(collector, runId, trigger, startedAt, CollectorErrorKind.Fault, $"The collection failed: {ex.Message}", reads.Pages);
            }
        }

        return await FinishAsync(collector, state, current, run, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Files the raw record (committed already) and its HTML summary as the next versions of the collector's evidence.</summary>
    private async Task<CollectorRun> FileRunAsync(EvidenceCollector collector, string runId, string trigger, DateTimeOffset startedAt, CollectorVerdict verdict, WrittenBlob written, int pages, Azure.Storage.Blobs.BlobContainerClient container, CancellationToken cancellationToken)
    {
        var (rawId, summaryId) = EvidenceIds(collector.Name);
        var outcome = verdict.Passed ? CollectorRunOutcome.Passed : CollectorRunOutcome.Failed;
        var day = clock.DateOf(startedAt);
        var rawSaved = await FileAsync(rawId, written, $"{collector.Name}-{day:yyyy-MM-dd}.json", "application/json", collector, $"{collector.Title}: raw Graph responses ({outcome})", day, cancellationToken).ConfigureAwait(false);
        var rawVersion = rawSaved.Value.Latest.Version;
        var html = "<!DOCTYPE html>\n" + await ComponentHtml.RenderAsync<CollectedSummary>(new Dictionary<string, object?>
        {
            [nameof(CollectedSummary.Name)] = collector.Name,
            [nameof(CollectedSummary.Title)] = collector.Title,
            [nameof(CollectedSummary.Rule)] = collector.Rule(options.Value),
            [nameof(CollectedSummary.ControlIds)] = collector.ControlIds,
            [nameof(CollectedSummary.Reads)] = collector.Reads,
            [nameof(CollectedSummary.CollectedAt)] = startedAt,
            [nameof(CollectedSummary.Outcome)] = outcome,
            [nameof(CollectedSummary.Verdict)] = verdict,
            [nameof(CollectedSummary.Pages)] = pages,
            [nameof(CollectedSummary.RawEvidenceId)] = rawId,
            [nameof(CollectedSummary.RawVersion)] = rawVersion,
            [nameof(CollectedSummary.RawSha256)] = written.Sha256,
        }).ConfigureAwait(false);
        WrittenBlob summaryBlob;
        using (var summaryBytes = new MemoryStream(Encoding.UTF8.GetBytes(html), writable: false))
        {
            summaryBlob = await EvidenceBlobWriter.WriteAsync(container.GetBlockBlobClient(EvidenceFiling.NewBlobName(summaryId)), summaryBytes, "text/html", long.MaxValue, null, cancellationToken).ConfigureAwait(false);
        }

        var summarySaved = await FileAsync(summaryId, summaryBlob, $"{collector.Name}-{day:yyyy-MM-dd}.html", "text/html", collector, $"{collector.Title}: {verdict.Summary}", day, cancellationToken).ConfigureAwait(false);
        return new CollectorRun(runId, collector.Name, trigger, startedAt, clock.Now, outcome, verdict.Summary, verdict.Figures, verdict.Problems)
        {
            Pages = pages,
            EvidenceId = rawId,
            EvidenceVersion = rawVersion,
            Sha256 = written.Sha256,
            SummaryEvidenceId = summaryId,
            SummaryVersion = summarySaved.Value.Latest.Version,
        };
    }

    private static CollectorRun Failed(EvidenceCollector collector, string runId, string trigger, DateTimeOffset startedAt, CollectorErrorKind kind, string why, int pages) =>
        new(runId, collector.Name, trigger, startedAt, startedAt, CollectorRunOutcome.Error, why, [], [why]) { ErrorKind = kind, Pages = pages };

    /// <summary>Applies the monitoring rule to the run, records it, and keeps the collector's new state.</summary>
    private async Task<CollectorRun> FinishAsync(EvidenceCollector collector, Stored<CollectorState>? before, CollectorState current, CollectorRun run, CancellationToken cancellationToken)
    {
        run = run with { FinishedAt = clock.Now };
        var step = MonitoringRule.Apply(current.Streak, run.Outcome, run.Id);
        var streak = step.Next;
        if (step.RaiseFinding)
        {
            var findingId = await RaiseOnceAsync(collector, streak.FailingSince!, run, cancellationToken).ConfigureAwait(false);
            streak = streak with { OpenFindingId = findingId };
            run = run with { FindingId = findingId };
        }

        if (step.RecordPassOn is { } open)
        {
            await findings.RecordCheckAsync(App, open, new FindingCheck(run.StartedAt, true, $"{collector.Title} passed: {run.Summary}", run.Id), cancellationToken).ConfigureAwait(false);
            run = run with { FindingId = open };
        }

        if (step.TellManager)
        {
            await TellManagerAsync(collector, streak.ErroringSince!, run, cancellationToken).ConfigureAwait(false);
        }

        await store.AddRunAsync(run, App, cancellationToken).ConfigureAwait(false);
        var after = new CollectorState
        {
            Streak = streak,
            LastRunId = run.Id,
            LastFigures = run.Outcome == CollectorRunOutcome.Error ? current.LastFigures : run.Figures,
            LastCollectedRunId = run.Outcome == CollectorRunOutcome.Error ? current.LastCollectedRunId : run.Id,
        };
        await store.SaveStateAsync(collector.Name, before, after, App, cancellationToken).ConfigureAwait(false);
        LogRun(logger, collector.Name, run.Id, run.Outcome, run.Pages, run.Summary);
        return run;
    }

    /// <summary>The nonconformity of a run of failures, raised once however often the run is retried (the send ledger keys it by the run the failures began with).</summary>
    private async Task<string?> RaiseOnceAsync(EvidenceCollector collector, string failingSince, CollectorRun run, CancellationToken cancellationToken)
    {
        var partition = $"findings|{collector.Name}";
        var outcome = await ledger.SendOnceAsync(TableNames.Collectors, partition, failingSince, async ct =>
        {
            var description = $"The monitoring check '{collector.Title}' failed on {MonitoringRule.FailuresForFinding} consecutive collections (the latest {run.StartedAt.UtcDateTime:yyyy-MM-dd}). Rule: {collector.Rule(options.Value)} Found: {run.Summary}";
            var raised = await findings.RaiseOutsideAuditsAsync(App, new FindingOutsideAuditCreate(FindingType.MinorNonconformity, FindingSource.Monitoring, $"collector {collector.Name}", collector.ControlIds, description), null, ct).ConfigureAwait(false);
            return raised.IsSuccess ? new SendOutcome(true, raised.Value.Id) : throw new InvalidOperationException($"The nonconformity of collector {collector.Name} was refused: {raised.Refusal}");
        }, cancellationToken).ConfigureAwait(false);
        return outcome?.Detail ?? await ledger.DetailAsync(TableNames.Collectors, partition, failingSince, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tells the ISMS manager that a collector cannot collect, once per streak of such runs.</summary>
    private async Task TellManagerAsync(EvidenceCollector collector, string erroringSince, CollectorRun run, CancellationToken cancellationToken)
    {
        var manager = isms.Value.IsmsManagerUpn;
        if (string.IsNullOrWhiteSpace(manager))
        {
            LogNobodyToTell(logger, collector.Name, run.Summary);
            return;
        }

        try
        {
            await ledger.SendOnceAsync(TableNames.Collectors, $"notices|{collector.Name}", erroringSince, async ct =>
            {
                var subject = $"ISMS: the '{collector.Title}' evidence collector could not collect";
                var facts = new (string Label, string Value)[]
                {
                    ("Collector", collector.Name),
                    ("Run", run.Id),
                    ("When", Dates.Instant(run.StartedAt)),
                    ("Why", run.ErrorKind?.ToString() ?? "Fault"),
                    ("Permissions it needs", string.Join(", ", collector.Permissions)),
                    ("Controls", string.Join(", ", collector.ControlIds)),
                };
                var paragraphs = new[]
                {
                    run.Summary,
                    "No evidence was filed for this run, so the controls it evidences go stale unless it collects again. The other collectors ran as usual. You are told once: the next mail comes only after it has collected again and then fails anew.",
                };
                var link = isms.Value.Link(PagePaths.Control(collector.ControlIds[0]));
                var (html, text) = await MessageBody.BuildAsync(subject, paragraphs, facts, [], ("Open the control", link)).ConfigureAwait(false);
                var result = await channel.SendAsync(new Notification(FailureNoticeKind, $"{collector.Name}-{erroringSince}", manager, [], subject, html, text, null), ct).ConfigureAwait(false);
                return new SendOutcome(result.MailDelivered, result.Detail);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogNoticeFailed(logger, ex, collector.Name);
        }
    }

    private Task<Stored<EvidenceRecord>> FileAsync(string id, WrittenBlob blob, string fileName, string contentType, EvidenceCollector collector, string description, DateOnly day, CancellationToken cancellationToken) =>
        filing.FileNextAsync(id, blob, fileName, contentType, new EvidenceDetails([.. collector.ControlIds], null, null, day, description) { Collector = collector.Name }, App, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Collector {Collector} run {RunId}: {Outcome} after {Pages} Graph pages. {Summary}")]
    private static partial void LogRun(ILogger logger, string collector, string runId, CollectorRunOutcome outcome, int pages, string summary);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collector {Collector} was not run: another run of it is under way")]
    private static partial void LogBusy(ILogger logger, string collector);

    [LoggerMessage(Level = LogLevel.Error, Message = "Collector {Collector} failed unexpectedly")]
    private static partial void LogFault(ILogger logger, Exception exception, string collector);

    [LoggerMessage(Level = LogLevel.Error, Message = "Collector {Collector} crashed before its run was recorded; the others ran on")]
    private static partial void LogCrashed(ILogger logger, Exception exception, string collector);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Collector {Collector} could not collect and nobody was told: set Isms:IsmsManagerUpn. {Why}")]
    private static partial void LogNobodyToTell(ILogger logger, string collector, string why);

    [LoggerMessage(Level = LogLevel.Error, Message = "The ISMS manager could not be told that collector {Collector} failed")]
    private static partial void LogNoticeFailed(ILogger logger, Exception exception, string collector);
}
