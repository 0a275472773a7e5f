namespace Isms.Functions.Storage;

/// <summary>Names of the containers the app keeps its files in; the account itself comes from AzureWebJobsStorage.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public string EvidenceContainer { get; set; } = "evidence";

    public string SnapshotsContainer { get; set; } = "snapshots";

    public string StagingContainer { get; set; } = "staging";

    /// <summary>
    /// The account takes blob legal holds (every Azure account; Azurite does not): the app's legal-hold flag then
    /// also sets a storage legal hold on every version of the evidence. Bicep writes true.
    /// </summary>
    public bool BlobLegalHolds { get; set; }

    /// <summary>
    /// Defender for Storage scans uploads and tags each blob with its verdict: an upload is filed as evidence only
    /// once the tag says no threats were found. Bicep writes the malwareScanning parameter.
    /// </summary>
    public bool MalwareScanning { get; set; }

    /// <summary>
    /// How long an HTTP form upload waits for the malware scan's verdict before it is refused as not yet scanned (a
    /// large upload's completion does not wait: it can simply be repeated).
    /// </summary>
    public int MalwareScanWaitSeconds { get; set; } = 30;
}
