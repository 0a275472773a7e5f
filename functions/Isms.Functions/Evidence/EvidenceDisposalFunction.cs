namespace Isms.Functions.Evidence;

/// <summary>The weekly disposal run (<see cref="EvidenceDisposal"/>): evidence past its retention and not on hold goes, on record.</summary>
public sealed class EvidenceDisposalFunction(EvidenceDisposal disposal)
{
    public const string DisposedBy = EvidenceDisposal.DisposedBy;

    [Function("DisposeExpiredEvidence")]
    public Task Run([TimerTrigger("%EvidenceDisposalSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        disposal.RunAsync(cancellationToken);
}
