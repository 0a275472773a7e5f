using Isms.Core.Risks;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Risks;

/// <summary>The risk register in Table Storage: one partition (a register holds hundreds of risks, not millions), row = risk id.</summary>
public sealed class RiskRegister(RecordStore store) : OnePartitionRegister<Risk>(store, TableNames.Risks, "risks", "risks")
{
    public Task<Stored<Risk>> InsertAsync(Risk risk, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(risk);
        return InsertAsync(risk.Id, risk, caller, cancellationToken);
    }

    public Task<Stored<Risk>> ReplaceAsync(Stored<Risk> before, Risk after, Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(after);
        return ReplaceAsync(after.Id, before, after, caller, cancellationToken);
    }
}
