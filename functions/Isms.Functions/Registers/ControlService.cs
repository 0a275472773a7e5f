using Isms.Core.Controls;
using Isms.Core.Validation;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>The control catalogue with its Statement of Applicability fields: read, list, and set one control's entry.</summary>
public sealed class ControlService(SoaRegister soa, SoaTrace trace, People.Assignees assignees)
{
    public async Task<IReadOnlyList<ControlResponse>> ListAsync(ControlTheme? theme, bool? applicable, CancellationToken cancellationToken)
    {
        var rows = await soa.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var choosing = await trace.ChoosingRisksAsync(cancellationToken).ConfigureAwait(false);
        return [.. ControlCatalogue.All
            .Where(c => theme is null || c.Theme == theme)
            .Select(c => ControlResponse.From(c, trace.Effective(rows[c.Id], choosing[c.Id]), choosing[c.Id]))
            .Where(c => applicable is null || c.Applicable == applicable)];
    }

    /// <summary>The Statement of Applicability: the 93 Annex A controls in catalogue order, each with its reasons.</summary>
    public async Task<IReadOnlyList<ControlResponse>> StatementAsync(CancellationToken cancellationToken)
    {
        var rows = await soa.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var choosing = await trace.ChoosingRisksAsync(cancellationToken).ConfigureAwait(false);
        return [.. ControlCatalogue.AnnexA.Select(c => ControlResponse.From(c, trace.Effective(rows[c.Id], choosing[c.Id]), choosing[c.Id]))];
    }

    public async Task<Outcome<ControlResponse>> GetAsync(string controlId, CancellationToken cancellationToken)
    {
        if (!ControlCatalogue.TryGet(controlId, out var control))
        {
            return Outcome.Refused<ControlResponse>(Unknown(controlId));
        }

        var row = await soa.GetAsync(control.Id, cancellationToken).ConfigureAwait(false);
        var choosing = (await trace.ChoosingRisksAsync(cancellationToken).ConfigureAwait(false))[control.Id];
        return Outcome.Success(ControlResponse.From(control, trace.Effective(row, choosing), choosing));
    }

    /// <summary>Replaces a control's SoA fields; a control that is not applicable needs a justification.</summary>
    public async Task<Outcome<ControlResponse>> UpdateAsync(Caller caller, string controlId, ControlUpdate update, IfMatch ifMatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(update);
        if (!ControlCatalogue.TryGet(controlId, out var control))
        {
            return Outcome.Refused<ControlResponse>(Unknown(controlId));
        }

        var entry = new SoaEntry(control.Id)
        {
            Applicable = update.Applicable ?? true,
            Justification = update.Justification,
            ImplementationStatus = update.ImplementationStatus ?? ImplementationStatus.NotStarted,
            OwnerUpn = update.OwnerUpn,
            ReviewFrequency = update.ReviewFrequency ?? ReviewFrequency.Annual,
            RiskRating = update.RiskRating ?? RiskRating.Medium,
            RiskRatingReason = string.IsNullOrWhiteSpace(update.RiskRatingReason) ? null : update.RiskRatingReason.Trim(),
        };
        var before = await soa.GetAsync(control.Id, cancellationToken).ConfigureAwait(false);
        entry = entry with { Reasons = update.Reasons is { } reasons ? [.. reasons.Select(r => r with { Reference = r.Reference?.Trim(), Note = r.Note?.Trim() })] : before.Value.Reasons };
        var choosing = (await trace.ChoosingRisksAsync(cancellationToken).ConfigureAwait(false))[control.Id].ToList();
        var errors = SoaEntryValidator.Validate(entry);
        SoaReasons.Validate(entry, [.. choosing.Select(r => r.Id)], errors);
        if (update.Applicable is null)
        {
            errors.Add("applicable", "applicable is required (true or false).");
        }

        if (update.ImplementationStatus is null)
        {
            errors.Add("implementationStatus", $"implementationStatus is required: one of {string.Join(", ", Enum.GetNames<ImplementationStatus>())}.");
        }

        if (!errors.IsValid)
        {
            return Outcome.Invalid<ControlResponse>(errors);
        }

        if (!ifMatch.Matches(before.ETag))
        {
            return Outcome.Refused<ControlResponse>(ETags.Stale($"Control {control.Id}"));
        }

        var (ownerId, notAUser) = await assignees.OwnerAsync("ownerUpn", entry.OwnerUpn, before.Value.OwnerUpn, before.Value.OwnerObjectId, cancellationToken).ConfigureAwait(false);
        if (notAUser is not null)
        {
            return Outcome.Refused<ControlResponse>(notAUser);
        }

        try
        {
            var saved = await soa.SaveAsync(before, entry with { OwnerObjectId = ownerId }, caller, cancellationToken).ConfigureAwait(false);
            return Outcome.Success(ControlResponse.From(control, trace.Effective(saved, choosing), choosing));
        }
        catch (Exception ex) when (ex is StaleRecordException or DuplicateRecordException)
        {
            return Outcome.Refused<ControlResponse>(ETags.Stale($"Control {control.Id}"));
        }
    }

    /// <summary>The refusal for an id that is neither a clause nor an Annex A control.</summary>
    public static Refusal Unknown(string controlId) =>
        Refusal.For(RefusalCode.NotFound, "controlId", $"There is no control '{controlId}'. Use a clause (4.1 ... 10.2) or an Annex A control (A.5.1 ... A.8.34).");
}
