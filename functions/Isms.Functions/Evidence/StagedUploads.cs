using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Evidence;

/// <summary>A large upload between its start (a SAS was handed out) and its completion (the file was verified and filed).</summary>
public sealed record StagedUpload
{
    public required string Id { get; init; }

    /// <summary>The evidence the file will be filed as: a new id, or the evidence it becomes a version of.</summary>
    public required string EvidenceId { get; init; }

    public required bool NewEvidence { get; init; }

    public required string FileName { get; init; }

    public string? DeclaredContentType { get; init; }

    public required long Size { get; init; }

    public string? Sha256 { get; init; }

    public required EvidenceDetails Details { get; init; }

    public required string StartedBy { get; init; }

    /// <summary>The starter's Entra object id; null on uploads started before object ids were kept.</summary>
    public string? StartedByObjectId { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public required string StagingBlob { get; init; }

    /// <summary>Set once filed: the version it became, so a repeated completion answers the same.</summary>
    public int? FiledVersion { get; init; }
}

/// <summary>
/// Large uploads go around the Functions host (which refuses bodies over 100 MB) straight to a staging blob, with
/// a short-lived SAS that may only create and write that one blob. Locally the account key signs it (a service
/// SAS); in Azure, where the app has no key, a user delegation key from its managed identity does.
/// </summary>
public sealed class StagedUploads(IsmsStorage storage, StorageConnection connection, IOptions<StorageOptions> storageOptions, TimeProvider time)
{
    public static readonly TimeSpan ShortestLifetime = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan LongestLifetime = TimeSpan.FromHours(2);

    /// <summary>The slowest upload rate a person is given time for: 1 MB/s (a busy office line).</summary>
    public const long SlowestBytesPerSecond = 1024 * 1024;

    /// <summary>
    /// How long the SAS for a file of <paramref name="size"/> bytes lives: the time to send it at the slowest rate
    /// expected, at least 15 minutes and at most 2 hours, so a leaked URL is useful for as short a time as can be.
    /// </summary>
    public static TimeSpan LifetimeFor(long size)
    {
        var transfer = TimeSpan.FromSeconds(Math.Ceiling((double)Math.Max(size, 0) / SlowestBytesPerSecond));
        return transfer < ShortestLifetime ? ShortestLifetime : transfer > LongestLifetime ? LongestLifetime : transfer;
    }
    private const string Partition = "uploads";
    private const string JsonColumn = "Json";
    private int _corsChecked;

    public Task<BlobContainerClient> StagingAsync(CancellationToken cancellationToken) =>
        storage.ContainerAsync(storageOptions.Value.StagingContainer, cancellationToken);

    public async Task SaveAsync(StagedUpload upload, ETag? etag, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var table = await storage.TableAsync(TableNames.EvidenceUploads, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(Partition, upload.Id) { [JsonColumn] = JsonSerializer.Serialize(upload, IsmsJson.Options) };
        if (etag is null)
        {
            await table.AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await table.UpdateEntityAsync(entity, etag.Value, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<(StagedUpload Upload, ETag ETag)?> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!RecordIds.IsWellFormed(id))
        {
            return null;
        }

        var table = await storage.TableAsync(TableNames.EvidenceUploads, cancellationToken).ConfigureAwait(false);
        var found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, id, cancellationToken: cancellationToken).ConfigureAwait(false);
        return found.HasValue
            ? (JsonSerializer.Deserialize<StagedUpload>(found.Value!.GetString(JsonColumn), IsmsJson.Options)!, found.Value.ETag)
            : null;
    }

    /// <summary>Forgets a refused upload and its staged bytes, so that a refusal leaves nothing behind.</summary>
    public async Task DiscardAsync(StagedUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var staging = await StagingAsync(timeout.Token).ConfigureAwait(false);
        await staging.DeleteBlobIfExistsAsync(upload.StagingBlob, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: timeout.Token).ConfigureAwait(false);
        var table = await storage.TableAsync(TableNames.EvidenceUploads, timeout.Token).ConfigureAwait(false);
        try
        {
            await table.DeleteEntityAsync(Partition, upload.Id, ETag.All, timeout.Token).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already forgotten.
        }
    }

    /// <summary>A SAS URL that may create and write the one staging blob, and nothing else (not even read it back).</summary>
    public async Task<Uri> WriteOnlySasAsync(string blobName, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        var staging = await StagingAsync(cancellationToken).ConfigureAwait(false);
        if (connection.UsesConnectionString)
        {
            await EnsureBrowserCorsAsync(cancellationToken).ConfigureAwait(false);
        }

        // Create and write, nothing else: Put Block needs write (a create-only SAS refuses it, tried against Azurite),
        // and the completion checks size and hash of whatever was written, so an overwrite gains nothing.
        return await SasAsync(staging.GetBlobClient(blobName), BlobSasPermissions.Create | BlobSasPermissions.Write, expiresOn, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Copies a staged HTTP upload (at most the 100 MB HTTP limit, well under the 256 MiB a synchronous copy
    /// accepts) into the evidence container in one Copy Blob From URL, server side, with its SHA-256 as metadata and
    /// a conditional create, then removes the staging blob.
    /// </summary>
    public async Task PromoteAsync(string stagingBlobName, Azure.Storage.Blobs.Specialized.BlobBaseClient destination, string sha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var staging = await StagingAsync(cancellationToken).ConfigureAwait(false);
        var source = await SasAsync(staging.GetBlobClient(stagingBlobName), BlobSasPermissions.Read, time.GetUtcNow().AddMinutes(30), cancellationToken).ConfigureAwait(false);
        var copied = await destination.SyncCopyFromUriAsync(source, new BlobCopyFromUriOptions
        {
            Metadata = new Dictionary<string, string> { [EvidenceBlobWriter.HashMetadata] = sha256 },
            DestinationConditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
        }, cancellationToken).ConfigureAwait(false);
        if (copied.Value.CopyStatus != CopyStatus.Success)
        {
            throw new InvalidOperationException($"Copying {stagingBlobName} into evidence ended {copied.Value.CopyStatus}.");
        }

        await staging.DeleteBlobIfExistsAsync(stagingBlobName, cancellationToken: CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>Deletes a staging blob; the request's cancellation must not stop the clean-up.</summary>
    public async Task DeleteStagedAsync(string stagingBlobName)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var staging = await StagingAsync(timeout.Token).ConfigureAwait(false);
        await staging.DeleteBlobIfExistsAsync(stagingBlobName, cancellationToken: timeout.Token).ConfigureAwait(false);
    }

    /// <summary>A SAS for one blob: a service SAS where the app holds the account key (locally), else a user delegation SAS.</summary>
    private async Task<Uri> SasAsync(BlobClient blob, BlobSasPermissions permissions, DateTimeOffset expiresOn, CancellationToken cancellationToken)
    {
        var startsOn = time.GetUtcNow().AddMinutes(-5); // clock skew between us and storage
        var sas = new BlobSasBuilder(permissions, expiresOn)
        {
            BlobContainerName = blob.BlobContainerName,
            BlobName = blob.Name,
            Resource = "b",
            StartsOn = startsOn,
            Protocol = connection.UsesConnectionString ? SasProtocol.HttpsAndHttp : SasProtocol.Https,
        };
        if (connection.UsesConnectionString && blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(sas);
        }

        var key = await storage.BlobService.GetUserDelegationKeyAsync(startsOn, expiresOn, cancellationToken).ConfigureAwait(false);
        return new BlobUriBuilder(blob.Uri) { Sas = sas.ToSasQueryParameters(key.Value, storage.BlobService.AccountName) }.ToUri();
    }

    /// <summary>
    /// The upload page PUTs to storage from the browser, which needs CORS on the blob service. In Azure that is
    /// infrastructure; against a local emulator (connection string) the app sets it once, for PUT only.
    /// </summary>
    private async Task EnsureBrowserCorsAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _corsChecked, 1) == 1 || storage.BlobService.Uri is not { IsLoopback: true })
        {
            return;
        }

        var properties = (await storage.BlobService.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value;
        if (properties.Cors.Any(rule => rule.AllowedMethods.Contains("PUT", StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        properties.Cors.Add(new BlobCorsRule
        {
            AllowedOrigins = "*",
            AllowedMethods = "PUT,OPTIONS",
            AllowedHeaders = "*",
            ExposedHeaders = "*",
            MaxAgeInSeconds = 3600,
        });
        await storage.BlobService.SetPropertiesAsync(properties, cancellationToken).ConfigureAwait(false);
    }
}
