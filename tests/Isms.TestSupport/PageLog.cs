using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Isms.TestSupport;

/// <summary>
/// What a page printed, threw or failed to load, in order: what a test asserts free of problems for a page that
/// must work under its Content-Security-Policy (a refusal is a console error), and what a failure message shows.
/// </summary>
public sealed class PageLog
{
    private static readonly string[] ProblemKinds = ["error", "warning", "assert", "uncaught", "failed"];
    private readonly ConcurrentQueue<(string Kind, string Text)> _entries = new();

    private PageLog()
    {
    }

    /// <summary>Console errors and warnings (CSP refusals among them), failed assertions, uncaught exceptions, failed loads.</summary>
    public IReadOnlyList<string> Problems => [.. _entries.Where(e => ProblemKinds.Contains(e.Kind)).Select(e => $"{e.Kind}: {e.Text}")];

    /// <summary>Starts recording a page; attach before it navigates.</summary>
    public static PageLog Of(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var log = new PageLog();
        page.Console += (_, message) =>
        {
            // Chromium asks every origin for /favicon.ico of its own accord; the page never did, and has none.
            if (!message.Location.Contains("/favicon.ico", StringComparison.Ordinal) && !message.Text.Contains("/favicon.ico", StringComparison.Ordinal))
            {
                log._entries.Enqueue((message.Type, $"{message.Text} ({message.Location})"));
            }
        };
        page.PageError += (_, error) => log._entries.Enqueue(("uncaught", error));
        page.RequestFailed += (_, request) => log._entries.Enqueue(("failed", $"{request.Method} {request.Url}: {request.Failure}"));
        return log;
    }

    public override string ToString() => string.Join(" | ", _entries.Select(e => $"{e.Kind}: {e.Text}"));
}
