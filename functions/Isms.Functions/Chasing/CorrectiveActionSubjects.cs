using Isms.Functions.Platform;
using System.Collections.Concurrent;
using Isms.Core.Audits;
using Isms.Core.CorrectiveActions;
using Isms.Core.Reminders;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.Functions.Chasing;

/// <summary>
/// Sees corrective actions as the reminder ladder does. Planning needs only the dates; the digest also needs
/// each action's finding for its controls, read once per finding (or once per audit) and kept, since a finding's
/// controls do not change after it is raised.
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
        await PrimeAsync(owed.Select(o => o.Subject.FindingId), cancellationToken).ConfigureAwait(false);
        return [.. owed.Select(o => o.Subject.FindingId is { } f && _controlsByFinding.TryGetValue(f, out var controls)
            ? o with { Subject = o.Subject with { ControlIds = controls } }
            : o)];
    }

    /// <summary>
    /// Reads the controls of the findings not yet known, in as few requests as the keys allow: findings live in
    /// their audit's partition, so an audit with several of them is read in one query, a lone finding by its key.
    /// The chase timer primes the whole run this way, so its digests, sent in this process, read no finding.
    /// </summary>
    public async Task PrimeAsync(IEnumerable<string?> findingIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(findingIds);
        var missing = findingIds.OfType<string>().Distinct(StringComparer.Ordinal).Where(f => !_controlsByFinding.ContainsKey(f)).ToList();
        var byAudit = missing.GroupBy(f => RecordIds.AuditOfFinding(f) ?? string.Empty, StringComparer.Ordinal).ToList();
        await Parallel.ForEachAsync(byAudit, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (audit, ct) =>
        {
            if (audit.Key.Length > 0 && audit.Skip(1).Any())
            {
                foreach (var finding in await findings.ListAsync(audit.Key, type: null, ct).ConfigureAwait(false))
                {
                    Remember(finding.Value);
                }

                return;
            }

            foreach (var findingId in audit)
            {
                if (await findings.GetAsync(findingId, ct).ConfigureAwait(false) is { } finding)
                {
                    Remember(finding.Value);
                }
            }
        }).ConfigureAwait(false);
    }

    private void Remember(Finding finding)
    {
        if (_controlsByFinding.Count > CacheLimit)
        {
            _controlsByFinding.Clear();
        }

        _controlsByFinding[finding.Id] = finding.ControlIds;
    }

    public Uri Link(string actionId) => isms.Value.Link(Pages.PagePaths.Action(actionId));

    /// <summary>Where a digest of several items leads: the person's own work, which lists every action they own.</summary>
    public Uri OwnerLink() => isms.Value.Link(Pages.PagePaths.MyWork);

    /// <summary>The action plan once there is one, else the correction: what the owner recognises the action by.</summary>
    private static string Title(CorrectiveAction action)
    {
        var text = (string.IsNullOrWhiteSpace(action.ActionPlan) ? action.Correction : action.ActionPlan).Trim();
        var firstLine = text.Split('\n', 2)[0].Trim();
        return firstLine.Length <= TitleLength ? firstLine : firstLine[..(TitleLength - 1)] + "…";
    }
}
