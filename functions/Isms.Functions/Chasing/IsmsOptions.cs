namespace Isms.Functions.Chasing;

/// <summary>Who runs the ISMS and where the app is reached, bound from the <c>Isms</c> section.</summary>
public sealed class IsmsOptions
{
    public const string SectionName = "Isms";

    /// <summary>The ISMS manager: copied on late reminders, told about owners who cannot be reached. Required.</summary>
    public string IsmsManagerUpn { get; set; } = string.Empty;

    /// <summary>The app's public root; links in reminders point under it.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:7071";
}
