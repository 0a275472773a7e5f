using Isms.LocalHost;

namespace Isms.IntegrationTests.Host;

/// <summary>An AzureWebJobsStorage connection string to a loopback port nothing listens on: storage that answers nobody.</summary>
public sealed class UnreachableStorage
{
    public int Port { get; } = Loopback.FreePort();

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteEmulator.DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1;";
}
