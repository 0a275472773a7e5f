using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace Isms.IntegrationTests.Infrastructure;

/// <summary>
/// A test class whose every test gets a local host of its own on an empty store: for tests that move the clock,
/// count what the whole store holds, or run timers. The store is the collection's Azurite, emptied before each
/// test; most tests share the collection's host instead (LocalHostFixture).
/// </summary>
[Collection(IsolatedHostGroup.Name)]
public abstract class IsolatedHostTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private LocalFunctionsHost? _host;
    private HttpClient? _client;

    protected LocalFunctionsHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    protected HttpClient Client => _client ?? throw new InvalidOperationException("The host has not started.");

    protected ApiClient Api => ApiClient.AdminOf(Client);

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _host = await TestHost.StartAsync(azurite.ConnectionString, Configure, ConfigureServices);
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
