using Isms.LocalHost;

namespace Isms.TestSupport;

/// <summary>A local host shared by a test collection, on its own Azurite, with the test-only functions (see <see cref="TestHost"/>).</summary>
public class LocalHostFixture : IAsyncLifetime
{
    private readonly AzuriteFixture _azurite = new();
    private LocalFunctionsHost? _host;

    public LocalFunctionsHost Host => _host ?? throw new InvalidOperationException("The local host has not started.");

    public HttpClient Client { get; private set; } = null!;

    public Probe Probe { get; } = new();

    public string StorageConnectionString => _azurite.ConnectionString;

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        _host = await TestHost.StartAsync(_azurite.ConnectionString, Configure, s => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton(s, Probe));
        Client = _host.Client();
    }

    /// <summary>Settings a derived fixture needs on its host (an evidence fixture lowers the upload limit, say).</summary>
    protected virtual void Configure(LocalHostOptions options)
    {
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }
}
