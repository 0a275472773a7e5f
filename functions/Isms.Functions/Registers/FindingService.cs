using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.CorrectiveActions;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>
/// Findings: raise one in an audit, list them, read one, each with the status its corrective actions give it
/// (<see cref="Finding.Status(int, int)"/> decides; nothing here restates the rule).
/// </summary>
public sealed class FindingService(AuditRegister audits, FindingRegister findings, CorrectiveActionRegister actions, OrganisationClock clock)
{
    /// <summary>Raises a finding in an audit; it must concern controls in the catalogue.</summary>
    public async Task<Outcome<FindingResponse>> RaiseAsync(Caller caller, string auditId, FindingCreate input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(input);
        var audit = await audits.GetAsync(auditId, cancellationToken).ConfigureAwait(false);
        if (audit is null)
        {
            return Outcome.Refused<FindingResponse>(RefusalCode.NotFound, "auditId", $"There is no audit '{auditId}' to raise a finding in.");
        }

        var finding = new Finding
        {
            Id = RecordIds.NewFinding(audit.Value.Id),
            AuditId = audit.Value.Id,
            Type = input.Type ?? (FindingType)(-1),
            ControlIds = ControlCatalogue.Canonical(input.ControlIds ?? []),
            Description = input.Description?.Trim() ?? string.Empty,
            RaisedBy = caller.Upn,
            RaisedAt = clock.Now,
        };
        var errors = FindingValidator.Validate(finding, audit.Value);
        if (!errors.IsValid)
        {
            return Outcome.Invalid<FindingResponse>(errors);
        }

        var saved = await findings.InsertAsync(finding, caller, cancellationToken).ConfigureAwait(false);
        return Outcome.Success(FindingResponse.From(saved, [], openActions: 0));
    }

    /// <summary>Findings (of one audit, of one type, of one status, or all), each with its actions and the status they give it.</summary>
    public async Task<IReadOnlyList<FindingResponse>> ListAsync(string? auditId, FindingType? type, FindingStatus? status, CancellationToken cancellationToken)
    {
        var found = await findings.ListAsync(auditId, type, cancellationToken).ConfigureAwait(false);
        if (found.Count == 0)
        {
            return [];
        }

        var links = await actions.ActionIdsByFindingAsync(cancellationToken).ConfigureAwait(false);
        var open = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var action in actions.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            open[action.Value.FindingId] = open.GetValueOrDefault(action.Value.FindingId) + 1;
        }

        return [.. found
            .Select(f => FindingResponse.From(f, [.. links[f.Value.Id]], open.GetValueOrDefault(f.Value.Id)))
            .Where(f => status is null || f.Status == status)];
    }

    public async Task<Outcome<FindingResponse>> GetAsync(string findingId, CancellationToken cancellationToken)
    {
        var finding = await findings.GetAsync(findingId, cancellationToken).ConfigureAwait(false);
        if (finding is null)
        {
            return NotFound<FindingResponse>(findingId);
        }

        var links = await actions.ActionIdsByFindingAsync(cancellationToken).ConfigureAwait(false);
        var own = new List<CorrectiveAction>();
        foreach (var id in links[finding.Value.Id])
        {
            if (await actions.GetAsync(id, cancellationToken).ConfigureAwait(false) is { } action)
            {
                own.Add(action.Value);
            }
        }

        return Outcome.Success(FindingResponse.From(finding, [.. own.Select(a => a.Id)], own.Count(a => a.Status != CorrectiveActionStatus.Closed)));
    }

    internal static Outcome<T> NotFound<T>(string findingId)
        where T : notnull =>
        Outcome.Refused<T>(RefusalCode.NotFound, "findingId", $"There is no finding '{findingId}'. GET /api/findings lists them.");
}
