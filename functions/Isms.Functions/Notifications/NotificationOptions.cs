namespace Isms.Functions.Notifications;

/// <summary>Where notifications go. "Outbox" writes files a person can open; "Graph" sends through Microsoft Graph.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>Graph or Outbox.</summary>
    public string Channel { get; set; } = "Outbox";

    /// <summary>Where the outbox channel writes (.eml for mail, .json for Teams).</summary>
    public string OutboxDirectory { get; set; } = ".local/outbox";

    /// <summary>A Teams Workflows webhook URL (from Key Vault) for the weekly summary card; empty or an unresolved Key Vault reference means none.</summary>
    public string? TeamsWebhookUrl { get; set; }
}
