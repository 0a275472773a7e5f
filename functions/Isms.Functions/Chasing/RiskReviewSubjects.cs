using Isms.Core.Reminders;
using Isms.Core.Risks;
using Isms.Functions.Platform;
using Isms.Functions.Risks;

namespace Isms.Functions.Chasing;

/// <summary>
/// Sees risks as the reminder ladder does: each risk's review date is owed to its owner like a corrective action's
/// due date, in the same digest. The register is one partition of a few hundred risks, read whole.
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

    /// <summary>The reviews of the risks <paramref name="ownerUpn"/> owns.</summary>
    public async Task<IReadOnlyList<ReminderSubject>> OwnedByAsync(string ownerUpn, CancellationToken cancellationToken) =>
        (await ByOwnerAsync(cancellationToken).ConfigureAwait(false)).GetValueOrDefault(ownerUpn.Trim()) ?? [];

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
