namespace Isms.Core.Evidence;

/// <summary>Evidence settings, bound from the <c>Evidence</c> configuration section.</summary>
public sealed class EvidenceOptions
{
    public const string SectionName = "Evidence";

    /// <summary>The Functions host refuses request bodies above 100 MB.</summary>
    public const long HostRequestLimitBytes = 100L * 1024 * 1024;

    /// <summary>Years evidence is kept after its effective date.</summary>
    public int RetentionYears { get; set; } = 3;

    /// <summary>Largest file accepted through <c>POST /api/evidence</c>; larger files use the SAS upload.</summary>
    public long MaxHttpUploadBytes { get; set; } = HostRequestLimitBytes;

    /// <summary>Evidence that stops covering its control within this many days is <c>DueSoon</c>.</summary>
    public int DueSoonDays { get; set; } = EvidenceFreshness.DefaultDueSoonDays;

    /// <summary>One message per invalid setting, naming it; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (RetentionYears < 0)
        {
            errors.Add($"{SectionName}:{nameof(RetentionYears)} must be 0 or more.");
        }

        if (MaxHttpUploadBytes is <= 0 or > HostRequestLimitBytes)
        {
            errors.Add($"{SectionName}:{nameof(MaxHttpUploadBytes)} must be between 1 and {HostRequestLimitBytes} (the Functions host's request limit).");
        }

        if (DueSoonDays < 0)
        {
            errors.Add($"{SectionName}:{nameof(DueSoonDays)} must be 0 or more.");
        }

        return errors;
    }
}
