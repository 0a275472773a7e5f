using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;

namespace Isms.IntegrationTests.Snapshots;

/// <summary>A local host holding the seeded ISMS of <see cref="SnapshotSeeding.IsmsAsync"/>, on the collection's Azurite emptied for it.</summary>
public sealed class SnapshotHostFixture(AzuriteFixture azurite) : IAsyncLifetime
{
    private LocalFunctionsHost? _host;

    public LocalFunctionsHost Host => _host ?? throw new InvalidOperationException("The local host has not started.");

    public HttpClient Client { get; private set; } = null!;

    public SeededIsms Seeded { get; private set; } = null!;

    public ApiClient Auditor => new(Client, "external.auditor@contoso.example", Isms.Functions.Platform.Roles.Auditor);

    public ApiClient Reader => new(Client, "top.manager@contoso.example", Isms.Functions.Platform.Roles.Reader);

    public async Task InitializeAsync()
    {
        await azurite.ResetAsync();
        _host = await TestHost.StartAsync(azurite.ConnectionString);
        Client = _host.Client();
        Seeded = await SnapshotSeeding.IsmsAsync(_host);
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
