using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Isms.IntegrationTests.Evidence;

/// <summary>
/// A real headless Chromium driven over the Chrome DevTools Protocol on a WebSocket: no browser download, no
/// driver, just the system's <c>chromium</c> (Debian's package; <c>.ci/run</c> installs it where missing).
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _receiving = Task.CompletedTask;
    private int _nextId;
    private string? _session;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>What the page printed or threw, for the failure message.</summary>
    public ConcurrentQueue<string> Console { get; } = new();

    public static string? FindExecutable() =>
        Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured && File.Exists(configured)
            ? configured
            : Candidates.FirstOrDefault(File.Exists);

    /// <summary>Starts Chromium and opens one page; fails with what to install when there is no Chromium.</summary>
    public static async Task<HeadlessChromium> StartAsync(int width = 1000, int height = 1500)
    {
        var executable = FindExecutable();
        Assert.True(executable is not null,
            "The browser test needs Chromium and found none (looked at CHROMIUM_PATH and " + string.Join(", ", Candidates) + "). " +
            "Install it with: apt-get update && apt-get install -y chromium (.ci/run does this on CI).");
        var profile = Path.Combine(Path.GetTempPath(), "isms-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(executable!)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--remote-debugging-port=0",
            $"--user-data-dir={profile}", "--no-first-run", "--no-default-browser-check", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--disable-extensions", "--hide-scrollbars", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var browser = new HeadlessChromium(process, profile);
        var endpoint = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            var at = e.Data.IndexOf("ws://", StringComparison.Ordinal);
            if (e.Data.StartsWith("DevTools listening on", StringComparison.Ordinal) && at >= 0)
            {
                endpoint.TrySetResult(e.Data[at..].Trim());
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        try
        {
            var url = await endpoint.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await browser._socket.ConnectAsync(new Uri(url), CancellationToken.None);
            browser._receiving = browser.ReceiveAsync();
            var target = await browser.SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, browserLevel: true);
            var attached = await browser.SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = (string)target["targetId"]!, ["flatten"] = true }, browserLevel: true);
            browser._session = (string)attached["sessionId"]!;
            await browser.SendAsync("Page.enable");
            await browser.SendAsync("Runtime.enable");
            await browser.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
            return browser;
        }
        catch (TimeoutException)
        {
            await browser.DisposeAsync();
            string printed;
            lock (output)
            {
                printed = output.ToString();
            }

            throw new InvalidOperationException($"Chromium ({executable}) did not open its DevTools endpoint within 30 s: {printed}");
        }
    }

    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, bool browserLevel = false)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (!browserLevel && _session is not null)
        {
            message["sessionId"] = _session;
        }

        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
        await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        var answer = await reply.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return answer["error"] is { } error
            ? throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}")
            : answer["result"]?.AsObject() ?? new JsonObject();
    }

    public Task NavigateAsync(Uri url) => SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() });

    /// <summary>Evaluates JavaScript in the page (awaiting promises) and returns its value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true });
        return result["exceptionDetails"] is { } exception
            ? throw new InvalidOperationException($"The page threw: {exception.ToJsonString()}")
            : result["result"]?["value"];
    }

    /// <summary>Waits until the expression is truthy.</summary>
    public async Task WaitForAsync(string expression, TimeSpan timeout, Func<Task<string>> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await EvaluateAsync($"!!({expression})") is JsonValue value && value.GetValue<bool>())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"Waited {timeout.TotalSeconds} s for `{expression}`. {await describe()} Console: {string.Join(" | ", Console)}");
    }

    /// <summary>Focuses an element and presses a key on it, as a keyboard user would.</summary>
    public async Task PressAsync(string selector, string key, string code, int keyCode, string? text = null)
    {
        await EvaluateAsync($"document.querySelector({JsonSerializer.Serialize(selector)}).focus()");
        var down = new JsonObject { ["type"] = "keyDown", ["key"] = key, ["code"] = code, ["windowsVirtualKeyCode"] = keyCode };
        if (text is not null)
        {
            down["text"] = text;
        }

        await SendAsync("Input.dispatchKeyEvent", down);
        await SendAsync("Input.dispatchKeyEvent", new JsonObject { ["type"] = "keyUp", ["key"] = key, ["code"] = code, ["windowsVirtualKeyCode"] = keyCode });
    }

    public async Task TypeAsync(string selector, string text)
    {
        await EvaluateAsync($"document.querySelector({JsonSerializer.Serialize(selector)}).focus()");
        await SendAsync("Input.insertText", new JsonObject { ["text"] = text });
    }

    public async Task SetFileAsync(string selector, string path)
    {
        var document = await SendAsync("DOM.getDocument");
        var node = await SendAsync("DOM.querySelector", new JsonObject { ["nodeId"] = (int)document["root"]!["nodeId"]!, ["selector"] = selector });
        await SendAsync("DOM.setFileInputFiles", new JsonObject { ["nodeId"] = (int)node["nodeId"]!, ["files"] = new JsonArray(path) });
    }

    public async Task ScreenshotAsync(string path)
    {
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String((string)shot["data"]!));
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open && !_stopping.IsCancellationRequested)
            {
                var received = await _socket.ReceiveAsync(buffer, _stopping.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                var json = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length))!.AsObject();
                message.SetLength(0);
                if (json["id"] is { } id && _pending.TryRemove((int)id, out var reply))
                {
                    reply.TrySetResult(json);
                }
                else if ((string?)json["method"] is "Runtime.consoleAPICalled" or "Runtime.exceptionThrown")
                {
                    Console.Enqueue(json["params"]!.ToJsonString());
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The browser is closing.
        }
        finally
        {
            foreach (var pending in _pending.Values)
            {
                pending.TrySetException(new InvalidOperationException("Chromium closed the DevTools connection."));
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        try
        {
            await _receiving;
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }

        _socket.Dispose();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
        }
        finally
        {
            _process.Dispose();
            _stopping.Dispose();
        }

        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a file for a moment; the temp folder is cleaned eventually.
        }
    }
}
