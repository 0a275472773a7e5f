using Isms.Functions.Storage;

namespace Isms.Functions.Evidence;

/// <summary>
/// The storage legal hold on one evidence file (a version's blob): set, it stops anyone with write access to the
/// account, the app included, from deleting or replacing the blob until it is cleared. A seam because Azurite has no
/// legal holds, so a test stands in for storage to see what the app asked for, and in which order.
/// </summary>
public interface IEvidenceBlobHolds
{
    /// <summary>False where storage has no blob legal holds (Azurite): the app's flag is then its own record only.</summary>
    bool Enforced { get; }

    Task SetAsync(string blobName, bool hold, CancellationToken cancellationToken);
}

/// <summary>Blob legal holds on the evidence container when <see cref="StorageOptions.BlobLegalHolds"/> says the account takes them.</summary>
public sealed class StorageEvidenceBlobHolds(EvidenceRegister register, IOptions<StorageOptions> options) : IEvidenceBlobHolds
{
    public bool Enforced => options.Value.BlobLegalHolds;

    public async Task SetAsync(string blobName, bool hold, CancellationToken cancellationToken)
    {
        if (!Enforced)
        {
            return;
        }

        var container = await register.ContainerAsync(cancellationToken).ConfigureAwait(false);
        await container.GetBlobClient(blobName).SetLegalHoldAsync(hold, cancellationToken).ConfigureAwait(false);
    }
}
