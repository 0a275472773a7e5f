using Azure.Data.Tables;
using Isms.Functions.Storage;

namespace Isms.LocalHost;

/// <summary>Checks at start-up that configured storage answers, so a wrong setting is one clear line, not a stack dump later.</summary>
public static class StorageProbe
{
    public static async Task EnsureReachableAsync(StorageConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var options = new TableClientOptions();
        options.Retry.MaxRetries = 0;
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(5);
        var client = connection.UsesConnectionString
            ? new TableServiceClient(connection.ConnectionString, options)
            : new TableServiceClient(connection.TableUri, connection.Credential, options);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await client.GetPropertiesAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var reason = ex is OperationCanceledException ? "no answer within 10 s" : ex.Message.Split('\n', 2)[0].Trim();
            throw new LocalHostStartupException(
                $"Storage at {client.Uri} is not reachable ({reason}). Fix the setting '{StorageConnection.SettingName}', " +
                "or unset it and the local host starts its own Azurite.");
        }
    }
}

/// <summary>A start-up failure the user can fix; its message is the whole story.</summary>
public sealed class LocalHostStartupException(string message) : Exception(message);
