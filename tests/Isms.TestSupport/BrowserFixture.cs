using Microsoft.Playwright;

namespace Isms.TestSupport;

/// <summary>
/// One headless Chromium for a test collection, driven by Playwright and started when a test first asks for it;
/// each test takes a context of its own (cookies, storage, page) from it. The browser is Debian's
/// <c>/usr/bin/chromium</c> (or <c>CHROMIUM_PATH</c>): Playwright's own browser download cannot work here and is
/// never used. A missing Chromium fails the test with the command that installs it, as <c>.ci/run</c> does.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string DefaultExecutable = "/usr/bin/chromium";

    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly Lock _gate = new();
    private IPlaywright? _playwright;
    private Task<IBrowser>? _browser;

    public static string Executable =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : DefaultExecutable;

    /// <summary>A fresh context for one test; dispose it when the test ends.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null) =>
        await (await BrowserAsync()).NewContextAsync(options ?? new BrowserNewContextOptions());

    /// <summary>A context signed in as <paramref name="upn"/> (with <paramref name="role"/>, or none) the way Easy Auth signs people in, at a desktop width.</summary>
    public Task<IBrowserContext> SignedInAsync(string upn, string? role = null, int width = 1100) =>
        NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 1400 },
            ExtraHTTPHeaders = new Dictionary<string, string> { [Isms.Functions.Platform.CallerReader.HeaderName] = role is null ? Isms.Functions.Platform.CallerReader.Encode(upn) : Isms.Functions.Platform.CallerReader.Encode(upn, role) },
        });

    /// <summary>Opens <paramref name="path"/> of the app at <paramref name="baseAddress"/>; anything but 200 fails with what the page said.</summary>
    public static async Task OpenAsync(IPage page, Uri baseAddress, string path)
    {
        ArgumentNullException.ThrowIfNull(page);
        var response = await page.GotoAsync(new Uri(baseAddress, "/" + path).ToString());
        Xunit.Assert.True(response!.Status == 200, $"/{path} answered {response.Status}: {await page.Locator("main").InnerTextAsync()}");
    }

    private Task<IBrowser> BrowserAsync()
    {
        lock (_gate)
        {
            return _browser ??= LaunchAsync();
        }
    }

    private async Task<IBrowser> LaunchAsync()
    {
        Assert.True(
            File.Exists(Executable),
            $"The browser tests need Chromium at {Executable} (CHROMIUM_PATH overrides). Install it with " +
            "'apt-get update -qq && apt-get install -y -qq chromium' (.ci/run does this on a clean machine).");
        _playwright = await Playwright.CreateAsync();
        return await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Executable,
            Headless = true,
            Args = Arguments,
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_browser is { IsCompletedSuccessfully: true })
        {
            await (await _browser).DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
