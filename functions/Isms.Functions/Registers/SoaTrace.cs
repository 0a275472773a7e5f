using Isms.Core.Controls;
using Isms.Core.Risks;
using Isms.Functions.Risks;
using Isms.Functions.Storage;

namespace Isms.Functions.Registers;

/// <summary>
/// The Statement of Applicability traced to the risk register: which risks chose each control (their treatment names
/// it), and the SoA entries with the risk rating those risks give (<see cref="SoaReasons.Effective"/>). The SoA pages,
/// the API, the audit programme and the snapshot all read the rating from here, so they never disagree.
/// </summary>
public sealed class SoaTrace(SoaRegister soa, RiskRegister risks, RiskRules rules)
{
    /// <summary>Per control id (canonical), the risks whose treatment relies on it.</summary>
    public async Task<ILookup<string, Risk>> ChoosingRisksAsync(CancellationToken cancellationToken) =>
        (await risks.ListAsync(cancellationToken).ConfigureAwait(false))
            .Select(r => r.Value)
            .SelectMany(r => (r.Treatment?.ControlIds ?? []).Select(c => (Control: c, Risk: r)))
            .ToLookup(p => p.Control, p => p.Risk, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every catalogue control's entry with its effective rating.</summary>
    public async Task<IReadOnlyDictionary<string, Stored<SoaEntry>>> ReadEffectiveAsync(CancellationToken cancellationToken)
    {
        var rows = await soa.ReadAllAsync(cancellationToken).ConfigureAwait(false);
        var choosing = await ChoosingRisksAsync(cancellationToken).ConfigureAwait(false);
        return rows.ToDictionary(p => p.Key, p => Effective(p.Value, choosing[p.Key]), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>One stored entry with the rating the risks that chose it give.</summary>
    public Stored<SoaEntry> Effective(Stored<SoaEntry> row, IEnumerable<Risk> choosing)
    {
        ArgumentNullException.ThrowIfNull(row);
        return row with { Value = SoaReasons.Effective(row.Value, [.. choosing.Select(r => r.ResidualScore)], rules.Matrix.AcceptanceCriteria) };
    }
}
