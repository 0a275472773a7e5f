namespace Isms.Functions.Platform;

/// <summary>How the app reaches Microsoft Graph. Without a sender mailbox, notifications go to the outbox folder.</summary>
public sealed class GraphOptions
{
    public const string SectionName = "Graph";

    /// <summary>Graph's root; tests point it at a loopback fake.</summary>
    public string BaseUrl { get; set; } = "https://graph.microsoft.com/v1.0";

    /// <summary>The token scope asked of the managed identity.</summary>
    public string Scope { get; set; } = "https://graph.microsoft.com/.default";

    /// <summary>The shared mailbox reminders are sent from (UPN). Empty: Graph is not used.</summary>
    public string? SenderMailbox { get; set; }

    public bool SaveToSentItems { get; set; }

    /// <summary>The Teams app (manifest id) whose activity feed carries the notifications.</summary>
    public string? TeamsAppId { get; set; }
}
