using Isms.Functions.Platform;
using System.Collections.Concurrent;
using Isms.Core.CorrectiveActions;
using Isms.Core.Reminders;
using Isms.Functions.Registers;

namespace Isms.Functions.Chasing;

/// <summary>
/// Sees corrective actions as the reminder ladder does. Planning needs only the dates; the digest also needs
/// each action's finding for its controls, read once per finding and kept, since a finding's controls do not
/// change after it is raised.
/// </summary>
public sealed class CorrectiveActionSubjects(FindingRegister findings, IOptions<IsmsOptions> isms)
{
    private const int TitleLength = 140;
    private const int CacheLimit = 50_000;
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _controlsByFinding = new(StringComparer.Ordinal);

    /// <summary>The subject with what planning needs; title and controls are filled in by <see cref="CompleteAsync"/>.</summary>
    public ReminderSubject ForPlanning(CorrectiveAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new ReminderSubject(
            action.Id,
            ReminderKind.CorrectiveAction,
            action.OwnerUpn,
            action.DueDate,
            action.SnoozeUntil,
            Title(action),
            action.FindingId,
            [],
            Link(action.Id));
    }

    /// <summary>The owed reminders with each finding's controls filled in (same ledger keys: only title-like fields change).</summary>
    public async Task<IReadOnlyList<OwedReminder>> CompleteAsync(IReadOnlyList<OwedReminder> owed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owed);
        var missing = owed.Select(o => o.Subject.FindingId).OfType<string>().Distinct(StringComparer.Ordinal).Where(f => !_controlsByFinding.ContainsKey(f)).ToList();
        await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (findingId, ct) =>
        {
            var finding = await findings.GetAsync(findingId, ct).ConfigureAwait(false);
            if (finding is not null)
            {
                if (_controlsByFinding.Count > CacheLimit)
                {
                    _controlsByFinding.Clear();
                }

                _controlsByFinding[findingId] = finding.Value.ControlIds;
            }
        }).ConfigureAwait(false);

        return [.. owed.Select(o => o.Subject.FindingId is { } f && _controlsByFinding.TryGetValue(f, out var controls)
            ? o with { Subject = o.Subject with { ControlIds = controls } }
            : o)];
    }

    public Uri Link(string actionId) => isms.Value.Link($"api/corrective-actions/{Uri.EscapeDataString(actionId)}");

    public Uri OwnerLink(string ownerUpn) => isms.Value.Link($"api/corrective-actions?ownerUpn={Uri.EscapeDataString(ownerUpn)}");

    /// <summary>The action plan once there is one, else the correction: what the owner recognises the action by.</summary>
    private static string Title(CorrectiveAction action)
    {
        var text = (string.IsNullOrWhiteSpace(action.ActionPlan) ? action.Correction : action.ActionPlan).Trim();
        var firstLine = text.Split('\n', 2)[0].Trim();
        return firstLine.Length <= TitleLength ? firstLine : firstLine[..(TitleLength - 1)] + "…";
    }
}
