using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;

namespace Isms.IntegrationTests.Docs;

/// <summary>
/// The OpenAPI document a client generator or viewer is handed: every reference in it leads somewhere, and a standard
/// linter (Redocly CLI, pinned in tests/node-tools and installed by this project's build) finds no error in it.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private LocalFunctionsHost? _host;
    private string _document = string.Empty;

    public async Task InitializeAsync()
    {
        _host = await TestHost.StartAsync(storageConnectionString: null);
        using var client = _host.Client();
        using var response = await client.GetAsync("api/openapi.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _document = await response.Content.ReadAsStringAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    [Fact]
    public void Every_reference_in_the_served_document_resolves()
    {
        var root = JsonNode.Parse(_document)!;
        var references = new List<(string At, string Ref)>();
        Collect(root, "#", references);

        var unresolved = references.Where(r => !r.Ref.StartsWith("#/", StringComparison.Ordinal) || Resolve(root, r.Ref) is null).ToList();

        Assert.True(references.Count > 20, $"The document should reference its schemas; it has {references.Count} references.");
        Assert.True(unresolved.Count == 0, "References that lead nowhere:\n" + string.Join("\n", unresolved.Select(r => $"{r.At}: {r.Ref}")));
    }

    [Fact]
    public async Task A_standard_OpenAPI_linter_finds_no_error_in_the_served_document()
    {
        var work = Directory.CreateTempSubdirectory("isms-openapi-");
        try
        {
            var file = Path.Combine(work.FullName, "openapi.json");
            await File.WriteAllTextAsync(file, _document);

            var (exitCode, output, errors) = await LintAsync(file, work.FullName);

            var report = JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..])!;
            var problems = report["problems"]!.AsArray()
                .Where(p => (string?)p!["severity"] == "error")
                .Select(p => $"{p!["ruleId"]}: {p["message"]} at {string.Join(", ", p["location"]!.AsArray().Select(l => (string?)l!["pointer"]))}")
                .ToList();
            Assert.True(problems.Count == 0, $"The linter found {problems.Count} errors:\n{string.Join("\n", problems)}");
            Assert.True(exitCode == 0, $"The linter exited with {exitCode}:\n{errors}\n{output}");
            Assert.Equal(0, (int)report["totals"]!["errors"]!);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static void Collect(JsonNode? node, string at, List<(string At, string Ref)> references)
    {
        switch (node)
        {
            case JsonObject map:
                foreach (var (name, value) in map)
                {
                    if (name == "$ref")
                    {
                        references.Add((at, (string?)value ?? string.Empty));
                    }
                    else
                    {
                        Collect(value, $"{at}/{name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal)}", references);
                    }
                }

                break;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    Collect(list[i], $"{at}/{i}", references);
                }

                break;
        }
    }

    /// <summary>The node a local JSON pointer reference (RFC 6901, in a URI fragment) leads to; null when there is none.</summary>
    private static JsonNode? Resolve(JsonNode root, string reference)
    {
        JsonNode? node = root;
        foreach (var token in Uri.UnescapeDataString(reference[2..]).Split('/'))
        {
            var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            node = node switch
            {
                JsonObject map => map.TryGetPropertyValue(name, out var child) ? child : null,
                JsonArray list when int.TryParse(name, out var index) && index >= 0 && index < list.Count => list[index],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>Runs <c>redocly lint</c> with its recommended rules, without telemetry or update checks, answering JSON.</summary>
    private static async Task<(int ExitCode, string Output, string Errors)> LintAsync(string file, string workingDirectory)
    {
        var tools = typeof(OpenApiDocumentTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NodeToolsDirectory").Value!;
        var cli = Path.Combine(tools, "node_modules", "@redocly", "cli", "bin", "cli.js");
        Assert.True(File.Exists(cli), $"Redocly CLI is not installed at {cli}; building the integration tests runs npm ci in {tools}.");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { cli, "lint", file, "--format=json", "--max-problems=1000" })
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["REDOCLY_TELEMETRY"] = "off";
        start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
        start.Environment["NO_COLOR"] = "1";
        using var lint = Process.Start(start)!;
        var output = lint.StandardOutput.ReadToEndAsync();
        var errors = lint.StandardError.ReadToEndAsync();
        await lint.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
        return (lint.ExitCode, await output, await errors);
    }
}
