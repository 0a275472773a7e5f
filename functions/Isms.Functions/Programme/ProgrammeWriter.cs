using Isms.Core.Audits;
using Isms.Core.Programme;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Storage;

namespace Isms.Functions.Programme;

/// <summary>
/// Applies a plan to the audit register: creates audits under their programme keys (conditional inserts, so two
/// runs create one), moves planned ones to new dates, cancels superseded ones, and never touches an audit that
/// has started.
/// </summary>
public sealed class ProgrammeWriter(AuditRegister audits, People.Assignees assignees)
{
    public async Task<int> ApplyAsync(IEnumerable<PlannedAudit> plan, IReadOnlyList<Stored<Audit>> existing, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(existing);
        var byId = existing.ToDictionary(a => a.Value.Id, StringComparer.Ordinal);
        var changed = 0;
        foreach (var planned in plan)
        {
            byId.TryGetValue(planned.Key, out var current);
            try
            {
                switch (planned.Action)
                {
                    case PlanAction.Create when current is null:
                        await audits.InsertAsync(await WithTeamIdsAsync(planned.ToAudit(), null, cancellationToken).ConfigureAwait(false), caller, cancellationToken).ConfigureAwait(false);
                        changed++;
                        break;
                    case PlanAction.Update when current is { Value.Status: AuditStatus.Planned }:
                        var moved = await WithTeamIdsAsync(planned.ApplyTo(current.Value), current.Value, cancellationToken).ConfigureAwait(false);
                        if (!ReferenceEquals(await audits.ReplaceAsync(current, moved, caller, cancellationToken).ConfigureAwait(false), current))
                        {
                            changed++;
                        }

                        break;
                    case PlanAction.Cancel when current is { Value.Status: AuditStatus.Planned }:
                        await audits.ReplaceAsync(current, current.Value with { Status = AuditStatus.Cancelled }, caller, cancellationToken).ConfigureAwait(false);
                        changed++;
                        break;
                }
            }
            catch (Exception ex) when (ex is DuplicateRecordException or StaleRecordException)
            {
                // A concurrent run wrote the same audit first; the next run starts from what it wrote.
            }
        }

        return changed;
    }

    /// <summary>
    /// The team as the directory knows it. The auditor pool is the organisation's own setting, so a member the directory
    /// does not confirm stays on the plan without an id (compared by UPN, and named by the directory's answer on the
    /// next change of the audit) rather than stopping the whole programme.
    /// </summary>
    private async Task<Audit> WithTeamIdsAsync(Audit audit, Audit? before, CancellationToken cancellationToken)
    {
        var (ids, _) = await assignees.TeamAsync(audit, before?.TeamObjectIds ?? new Dictionary<string, string>(), cancellationToken).ConfigureAwait(false);
        return audit with { TeamObjectIds = ids };
    }
}
