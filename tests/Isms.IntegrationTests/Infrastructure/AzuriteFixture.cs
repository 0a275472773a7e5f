using Isms.LocalHost;

namespace Isms.IntegrationTests.Infrastructure;

/// <summary>One private, in-memory Azurite for a test collection, started the same way the local host starts its own.</summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteEmulator? _emulator;

    public AzuriteEmulator Emulator => _emulator ?? throw new InvalidOperationException("Azurite has not started.");

    public string ConnectionString => Emulator.ConnectionString;

    public async Task InitializeAsync() => _emulator = await AzuriteEmulator.StartAsync(dataDirectory: null);

    public async Task DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }
    }
}
