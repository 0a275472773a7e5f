using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;

namespace Isms.Functions.Storage;

/// <summary>
/// Where the storage account is and how to reach it, read the way the Functions host reads
/// <c>AzureWebJobsStorage</c>: a connection string locally, or service URIs plus a managed identity in Azure.
/// </summary>
public sealed record StorageConnection(string? ConnectionString, Uri? BlobUri, Uri? QueueUri, Uri? TableUri, TokenCredential? Credential)
{
    public const string SettingName = "AzureWebJobsStorage";

    public bool UsesConnectionString => ConnectionString is not null;

    /// <summary>
    /// True for a local emulator (Azurite): the development storage shortcut, its well-known account, or an endpoint on
    /// this machine. Everything else, a connection string to a real account included, is Azure.
    /// </summary>
    public bool IsEmulator =>
        ConnectionString is { } connection
        && (connection.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase)
            || connection.Contains("AccountName=devstoreaccount1", StringComparison.OrdinalIgnoreCase)
            || connection.Contains("://127.0.0.1", StringComparison.Ordinal)
            || connection.Contains("://localhost", StringComparison.OrdinalIgnoreCase));

    /// <summary>True when either form of the setting is present.</summary>
    public static bool IsConfigured(IConfiguration configuration, string settingName = SettingName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(settingName);
        return !string.IsNullOrWhiteSpace(section.Value) || section.GetChildren().Any();
    }

    public static StorageConnection FromConfiguration(IConfiguration configuration, string settingName = SettingName)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(settingName);
        if (!string.IsNullOrWhiteSpace(section.Value))
        {
            return new StorageConnection(section.Value, null, null, null, null);
        }

        var accountName = section["accountName"];
        var blob = UriOrNull(section["blobServiceUri"]) ?? AccountUri(accountName, "blob");
        var queue = UriOrNull(section["queueServiceUri"]) ?? AccountUri(accountName, "queue");
        var table = UriOrNull(section["tableServiceUri"]) ?? AccountUri(accountName, "table");
        if (blob is null || queue is null || table is null)
        {
            throw new InvalidOperationException(
                $"Storage is not configured: set '{settingName}' to a connection string, or '{settingName}__accountName' " +
                $"(or '{settingName}__blobServiceUri', '__queueServiceUri' and '__tableServiceUri') with a managed identity.");
        }

        // A user-assigned identity is named by its client id; without one the credential chain finds the ambient identity.
        var clientId = section["clientId"] ?? configuration["AZURE_CLIENT_ID"];
        var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId });
        return new StorageConnection(null, blob, queue, table, credential);
    }

    private static Uri? UriOrNull(string? value) => string.IsNullOrWhiteSpace(value) ? null : new Uri(value);

    private static Uri? AccountUri(string? accountName, string service) =>
        string.IsNullOrWhiteSpace(accountName) ? null : new Uri($"https://{accountName}.{service}.core.windows.net");

    public override string ToString() =>
        UsesConnectionString ? "connection string" : $"managed identity ({BlobUri?.Host})";
}
