using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Isms.LocalHost;

/// <summary>How to start a local host; the defaults are those of <c>dotnet run --project functions/Isms.LocalHost</c>.</summary>
public sealed class LocalHostOptions
{
    /// <summary>The port on 127.0.0.1; 0 takes a free one (tests).</summary>
    public int Port { get; set; } = 7071;

    /// <summary>The assemblies whose <c>[Function]</c> methods are served; the Functions app by default.</summary>
    public IList<Assembly> FunctionAssemblies { get; } = [typeof(Isms.Functions.Extensions).Assembly];

    /// <summary>Settings that win over every other source (tests).</summary>
    public IDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Command-line arguments, read as configuration.</summary>
    public IReadOnlyList<string> Arguments { get; set; } = [];

    /// <summary>Run timers on their schedules; tests turn this off and run them through the admin endpoint.</summary>
    public bool RunTimers { get; set; } = true;

    /// <summary>Keep Azurite's data under .local/ (true) or in memory only (tests).</summary>
    public bool PersistAzuriteData { get; set; } = true;

    /// <summary>Last word on the services, after the app's own registration (tests swap the clock here).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }
}
