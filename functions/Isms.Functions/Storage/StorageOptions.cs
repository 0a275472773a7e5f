namespace Isms.Functions.Storage;

/// <summary>Names of the containers the app keeps its files in; the account itself comes from AzureWebJobsStorage.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    public string EvidenceContainer { get; set; } = "evidence";

    public string SnapshotsContainer { get; set; } = "snapshots";

    public string StagingContainer { get; set; } = "staging";
}
