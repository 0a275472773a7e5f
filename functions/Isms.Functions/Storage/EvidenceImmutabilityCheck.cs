using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Hosting;

namespace Isms.Functions.Storage;

/// <summary>What a container's properties say about WORM: version-level immutability, and a policy on the container.</summary>
public sealed record ContainerImmutability(bool VersionLevel, bool HasPolicy)
{
    public static ContainerImmutability From(BlobContainerProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        return new(properties.HasImmutableStorageWithVersioning, properties.HasImmutabilityPolicy == true);
    }
}

/// <summary>
/// Evidence is only evidence if nobody can alter it after it was filed (ISO/IEC 27001 clause 7.5.3), and in Azure
/// that is the evidence container's version-level immutability policy (infra/app/storage.bicep). An app pointed at a
/// container without one would file evidence anyone with write access could replace, so in Azure it refuses to start,
/// naming the container. Azurite has no immutability policies: against an emulator the check is skipped.
/// </summary>
public sealed class EvidenceImmutabilityCheck(IsmsStorage storage, IOptions<StorageOptions> options, bool againstAzure) : IHostedService
{
    /// <summary>Why the container cannot hold evidence, or null when it can (or when the check does not apply).</summary>
    public static string? Refusal(bool againstAzure, string containerName, ContainerImmutability? properties)
    {
        if (!againstAzure)
        {
            return null;
        }

        if (properties is null)
        {
            return $"The evidence container '{containerName}' does not exist. Provision it with infra/main.bicep (version-level immutability and its policy) before starting the app.";
        }

        if (!properties.VersionLevel)
        {
            return $"The evidence container '{containerName}' does not have version-level immutability (immutableStorageWithVersioning), so filed evidence could be altered. The app will not start; provision the container with infra/main.bicep.";
        }

        return properties.HasPolicy
            ? null
            : $"The evidence container '{containerName}' has no immutability policy, so filed evidence could be altered. The app will not start; provision the policy with infra/main.bicep.";
    }

    /// <summary>Reads the container's properties (in Azure) and throws with <see cref="Refusal"/> when it cannot hold evidence.</summary>
    public async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (!againstAzure)
        {
            return;
        }

        var name = options.Value.EvidenceContainer;
        var container = storage.BlobService.GetBlobContainerClient(name);
        ContainerImmutability? properties;
        try
        {
            properties = ContainerImmutability.From((await container.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            properties = null;
        }

        if (Refusal(againstAzure, name, properties) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => CheckAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
