using Isms.Core.Collection;

namespace Isms.Functions.Collection;

/// <summary>Where a collector stands: its state, latest run and last collection, each null before there is one.</summary>
public sealed record CollectorStanding(EvidenceCollector Collector, CollectorState? State, CollectorRun? LastRun, CollectorRun? LastCollected);

/// <summary>A collector as <c>GET /api/collectors</c> shows it: what it reads and needs, and where it stands.</summary>
/// <param name="Outcome">The last run's outcome; null before its first run.</param>
/// <param name="Figures">The figures of its last successful collection.</param>
/// <param name="ConsecutiveFailures">Runs in a row whose rule failed; at 2 a nonconformity is raised.</param>
/// <param name="OpenFindingId">The nonconformity its failures raised, until a pass is recorded on it.</param>
public sealed record CollectorResponse(
    string Name,
    string Title,
    bool Enabled,
    IReadOnlyList<string> Permissions,
    IReadOnlyList<string> ControlIds,
    IReadOnlyList<string> Reads,
    string Rule,
    CollectorRun? LastRun,
    CollectorRunOutcome? Outcome,
    IReadOnlyList<CollectorFigure> Figures,
    int ConsecutiveFailures,
    string? OpenFindingId);
