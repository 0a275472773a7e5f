using Isms.Core.People;
using Isms.Core.Reminders;
using Isms.Core.Risks;
using Isms.Functions.People;
using Isms.Functions.Platform;
using Isms.Functions.Risks;

namespace Isms.Functions.Chasing;

/// <summary>
/// Sees periodic reviews as the reminder ladder does: each risk's review date (6.1.2, 8.2) and each published document's
/// next review (7.5.2, A.5.1) is owed to its owner like a corrective action's due date, in the same digest. Both registers
/// are one partition of a few hundred records, read whole: once per run by the planner, and once per run and process by
/// the digests.
/// </summary>
public sealed class ReviewSubjects(RiskRegister risks, DocumentRegister documents, IOptions<IsmsOptions> isms)
{
    private const int TitleLength = 140;

    /// <summary>
    /// Every risk's review and every published document's review as a subject, by owner (case-insensitive, as owners are
    /// compared everywhere). A document with nothing published has no review date yet.
    /// </summary>
    public async Task<Dictionary<string, List<ReminderSubject>>> ByOwnerAsync(CancellationToken cancellationToken)
    {
        var byOwner = new Dictionary<string, List<ReminderSubject>>(StringComparer.OrdinalIgnoreCase);
        var riskList = risks.ListAsync(cancellationToken);
        var documentList = documents.ListAsync(cancellationToken);
        var reviews = (await riskList.ConfigureAwait(false)).Select(r => For(r.Value))
            .Concat((await documentList.ConfigureAwait(false)).Select(d => For(d.Value)).OfType<ReminderSubject>());
        foreach (var subject in reviews)
        {
            if (!byOwner.TryGetValue(subject.OwnerUpn, out var owned))
            {
                byOwner[subject.OwnerUpn] = owned = [];
            }

            owned.Add(subject);
        }

        return byOwner;
    }

    /// <summary>
    /// The reviews of the risks and documents <paramref name="ownerUpn"/> owns, as the register stood when this process first read it for
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
        return new ReminderSubject(
            risk.Id,
            ReminderKind.RiskReview,
            risk.OwnerUpn.Trim(),
            risk.ReviewDate,
            null,
            Title(risk.Title),
            null,
            risk.Treatment?.ControlIds ?? [],
            isms.Value.Link(Pages.PagePaths.Risk(risk.Id)));
    }

    /// <summary>A document's review, due on its next review date; null while nothing is published (no date yet).</summary>
    public ReminderSubject? For(PolicyDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.NextReviewDate is not { } due || document.Published is null
            ? null
            : new ReminderSubject(
                document.Id,
                ReminderKind.DocumentReview,
                document.OwnerUpn.Trim(),
                due,
                null,
                Title(document.Title),
                null,
                document.ControlIds,
                isms.Value.Link(Pages.PagePaths.Document(document.Id)));
    }

    private static string Title(string recordTitle)
    {
        var title = "Review: " + recordTitle.Trim().Split('\n', 2)[0].Trim();
        return title.Length <= TitleLength ? title : title[..(TitleLength - 1)] + "…";
    }
}
