using System.Globalization;
using Isms.Functions.Notifications;
using Isms.Functions.Platform;
using Isms.Functions.Storage;

namespace Isms.Functions.Snapshots;

/// <summary>
/// Publishes a sealed snapshot's hash outside the storage account: a mail to the ISMS manager, who keeps it. Someone
/// able to rewrite the account could rewrite manifests, rows and chain alike, but not the mails people received, so
/// comparing the two finds a rewritten chain (<c>docs/operations.md</c>). Once per snapshot: the send ledger's row
/// <c>published|mail/{id}</c> in the Snapshots table is claimed before the mail and confirmed after, so a retried
/// seal or a repair of the same snapshot sends nothing twice. A failure to send never undoes the seal; the weekly
/// card carries the hash as well.
/// </summary>
public sealed partial class SnapshotPublication(
    INotificationChannel channel,
    SendLedger ledger,
    IOptions<IsmsOptions> isms,
    ILogger<SnapshotPublication> logger)
{
    public const string Kind = "SnapshotSealed";
    public const string LedgerPartition = "published|mail";

    public async Task PublishAsync(SnapshotRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (string.IsNullOrWhiteSpace(isms.Value.IsmsManagerUpn))
        {
            LogNobody(logger, record.Id, record.Sha256);
            return;
        }

        try
        {
            await ledger.SendOnceAsync(TableNames.Snapshots, LedgerPartition, record.Id, async ct =>
            {
                var result = await channel.SendAsync(await MessageAsync(record, isms.Value).ConfigureAwait(false), ct).ConfigureAwait(false);
                return new SendOutcome(result.MailDelivered, result.Detail);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, record.Id, record.Sha256);
        }
    }

    /// <summary>The mail: the hash in full, the link to the one before, and what to do with it.</summary>
    public static async Task<Notification> MessageAsync(SnapshotRecord record, IsmsOptions isms)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(isms);
        var subject = $"ISMS: snapshot {record.Id} sealed, SHA-256 starting {record.Sha256[..Math.Min(16, record.Sha256.Length)]}";
        var link = isms.Link(Pages.PagePaths.Snapshot(record.Id));
        var facts = new (string Label, string Value)[]
        {
            ("Snapshot", record.Id),
            ("Sealed at", record.TakenAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture)),
            ("Taken by", record.TakenBy),
            ("SHA-256", record.Sha256),
            ("Follows", record.PreviousId is null ? "nothing: the first snapshot" : $"{record.PreviousId} (SHA-256 {record.PreviousSha256})"),
        };
        var paragraphs = new[]
        {
            $"Snapshot {record.Id} has been sealed. Keep this mail: it records the snapshot's SHA-256 outside the app's storage.",
            "If the app ever shows a different SHA-256 for this snapshot, or verification of a later snapshot reports a different hash for it, the stored chain has been rewritten: compare with this mail and report it as a security incident.",
        };
        var (html, text) = await MessageBody.BuildAsync(subject, paragraphs, facts, [], ("Open the snapshot", link)).ConfigureAwait(false);
        return new Notification(Kind, record.Id, isms.IsmsManagerUpn!, [], subject, html, text, null);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot {Id} (SHA-256 {Sha256}) was not mailed: set Isms:IsmsManagerUpn so each sealed snapshot's hash is kept outside storage")]
    private static partial void LogNobody(ILogger logger, string id, string sha256);

    [LoggerMessage(Level = LogLevel.Error, Message = "Snapshot {Id} (SHA-256 {Sha256}) is sealed but its mail to the ISMS manager failed; the weekly card still carries the hash")]
    private static partial void LogFailed(ILogger logger, Exception exception, string id, string sha256);
}
