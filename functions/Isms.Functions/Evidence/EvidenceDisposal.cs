using System.Globalization;
using Azure;
using Azure.Storage.Blobs.Models;
using Isms.Core.Time;
using Isms.Core.Validation;
using Isms.Functions.Storage;

namespace Isms.Functions.Evidence;

/// <summary>
/// The weekly disposal run (ISO/IEC 27001 7.5.3): deletes evidence whose retention has ended and that is not on
/// legal hold, and nothing else, leaving a disposal record with every deleted file's hash in the audit trail.
/// Each step can be repeated after a crash: files first, then the record in the trail, then the register rows.
/// </summary>
public sealed partial class EvidenceDisposal(EvidenceRegister register, AuditTrail trail, OrganisationClock clock, ILogger<EvidenceDisposal> logger)
{
    public const string DisposedBy = "system:DisposeExpiredEvidence";

    private const int VersionsPerEntry = 50;

    /// <summary>Disposes of what is past retention and not on hold; returns how many pieces of evidence went.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var today = clock.Today;
        var container = await register.ContainerAsync(cancellationToken).ConfigureAwait(false);
        var disposed = 0;
        foreach (var candidate in await register.PastRetentionAsync(today, cancellationToken).ConfigureAwait(false))
        {
            // Read again just before acting: a hold set since the query wins.
            var current = await register.GetAsync(candidate.Value.Id, cancellationToken).ConfigureAwait(false);
            if (current is null || !current.Value.Retention.IsDisposable(today))
            {
                continue;
            }

            var evidence = current.Value;
            try
            {
                foreach (var version in evidence.Versions)
                {
                    await container.DeleteBlobIfExistsAsync(version.BlobName, DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }
            catch (RequestFailedException ex)
            {
                // An immutability policy still in force (say) refuses the delete: keep the record and try next week.
                LogNotDeleted(logger, evidence.Id, ex.Status, ex.ErrorCode ?? ex.Message);
                continue;
            }

            var changes = new List<FieldChange>
            {
                new("effectiveDate", evidence.EffectiveDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null),
                new("retainUntil", evidence.Retention.RetainUntil.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), null),
                new("controlIds", string.Join(",", evidence.ControlIds), null),
            };
            var versions = evidence.Versions.Select(v => new FieldChange(
                $"version{v.Version.ToString(CultureInfo.InvariantCulture)}",
                string.Create(CultureInfo.InvariantCulture, $"{v.FileName}; {v.Size} bytes; sha256 {v.Sha256}; uploaded {v.UploadedAt:yyyy-MM-dd} by {v.UploadedBy}"),
                null)).ToList();

            // An entry names at most VersionsPerEntry versions, so evidence with hundreds of them still fits a table row.
            changes.AddRange(versions.Take(VersionsPerEntry));
            await trail.AppendAsync(trail.Entry($"evidence/{evidence.Id}", "Disposed", DisposedBy, changes), cancellationToken).ConfigureAwait(false);
            foreach (var more in versions.Skip(VersionsPerEntry).Chunk(VersionsPerEntry))
            {
                await trail.AppendAsync(trail.Entry($"evidence/{evidence.Id}", "Disposed", DisposedBy, more), cancellationToken).ConfigureAwait(false);
            }

            await register.DeleteAsync(current, cancellationToken).ConfigureAwait(false);
            LogDisposed(logger, evidence.Id, evidence.Retention.RetainUntil, evidence.Versions.Count);
            disposed++;
        }

        LogRun(logger, disposed, today);
        return disposed;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Disposed of evidence {EvidenceId} (retained until {RetainUntil}, {Versions} versions)")]
    private static partial void LogDisposed(ILogger logger, string evidenceId, DateOnly retainUntil, int versions);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Evidence {EvidenceId} is past retention but its files could not be deleted ({Status} {Error}); kept for the next run")]
    private static partial void LogNotDeleted(ILogger logger, string evidenceId, int status, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Disposal run: {Disposed} pieces of evidence disposed of as of {Today}")]
    private static partial void LogRun(ILogger logger, int disposed, DateOnly today);
}
