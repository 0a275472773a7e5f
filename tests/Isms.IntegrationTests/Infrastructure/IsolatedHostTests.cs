using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace Isms.IntegrationTests.Infrastructure;

/// <summary>
/// A test class with a local host and Azurite of its own, for tests that move the clock or need an empty
/// store; most tests share the collection's host instead (LocalHostFixture).
/// </summary>
public abstract class IsolatedHostTests : IAsyncLifetime
{
    private LocalFunctionsHost? _host;
    private HttpClient? _client;

    protected LocalFunctionsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    protected HttpClient Client => _client ?? throw new InvalidOperationException("The host has not started.");

    protected ApiClient Api => ApiClient.AdminOf(Client);

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(storageConnectionString: null, Configure, ConfigureServices);
        _client = _host.Client();
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    protected virtual void Configure(LocalHostOptions options)
    {
    }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }
}
