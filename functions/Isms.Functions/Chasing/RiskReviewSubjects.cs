using Isms.Core.Reminders;
using Isms.Core.Risks;
using Isms.Functions.Platform;
using Isms.Functions.Risks;

namespace Isms.Functions.Chasing;

/// <summary>
/// Sees risks as the reminder ladder does: each risk's review date is owed to its owner like a corrective action's
/// due date, in the same digest. The register is one partition of a few hundred risks, read whole: once per run by
/// the planner, and once per run and process by the digests.
/// </summary>
public sealed class RiskReviewSubjects(RiskRegister risks, IOptions<IsmsOptions> isms)
{
    private const int TitleLength = 140;

    /// <summary>Every risk's review as a subject, by owner (case-insensitive, as owners are compared everywhere).</summary>
    public async Task<Dictionary<string, List<ReminderSubject>>> ByOwnerAsync(CancellationToken cancellationToken)
    {
        var byOwner = new Dictionary<string, List<ReminderSubject>>(StringComparer.OrdinalIgnoreCase);
        foreach (var risk in await risks.ListAsync(cancellationToken).ConfigureAwait(false))
        {
            var subject = For(risk.Value);
            if (!byOwner.TryGetValue(subject.OwnerUpn, out var owned))
            {
                byOwner[subject.OwnerUpn] = owned = [];
            }

            owned.Add(subject);
        }

        return byOwner;
    }

    /// <summary>
    /// The reviews of the risks <paramref name="ownerUpn"/> owns, as the register stood when this process first read it for
    /// run <paramref name="runId"/>: the run's digests share one read of the register instead of one each (a run may chase
    /// tens of thousands of people, most of whom own no risk). A review date set during the run is seen by the next run.
    /// </summary>
    public async Task<IReadOnlyList<ReminderSubject>> OwnedByAsync(string ownerUpn, string runId, CancellationToken cancellationToken)
    {
        var read = _read;
        if (read is null || read.RunId != runId || read.ByOwner.IsFaulted || read.ByOwner.IsCanceled)
        {
            read = new RunRead(runId, ByOwnerAsync(CancellationToken.None));
            _read = read;
        }

        return (await read.ByOwner.WaitAsync(cancellationToken).ConfigureAwait(false)).GetValueOrDefault(ownerUpn.Trim()) ?? [];
    }

    private RunRead? _read;

    /// <summary>The register by owner as read for one run.</summary>
    private sealed record RunRead(string RunId, Task<Dictionary<string, List<ReminderSubject>>> ByOwner);

    public ReminderSubject For(Risk risk)
    {
        ArgumentNullException.ThrowIfNull(risk);
        var title = "Review: " + risk.Title.Trim().Split('\n', 2)[0].Trim();
        return new ReminderSubject(
            risk.Id,
            ReminderKind.RiskReview,
            risk.OwnerUpn.Trim(),
            risk.ReviewDate,
            null,
            title.Length <= TitleLength ? title : title[..(TitleLength - 1)] + "…",
            null,
            risk.Treatment?.ControlIds ?? [],
            isms.Value.Link(Pages.PagePaths.Risk(risk.Id)));
    }
}
