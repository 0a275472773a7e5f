using Isms.Core.Risks;
using Isms.Functions.Storage;

namespace Isms.Functions.Risks;

/// <summary>The risk register in Table Storage: one partition (a register holds hundreds of risks, not millions), row = risk id.</summary>
public sealed class RiskRegister(RecordStore store) : OnePartitionRegister<Risk>(store, TableNames.Risks, "risks", "risks", r => r.Id);
