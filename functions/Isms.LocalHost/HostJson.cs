using Microsoft.Extensions.Configuration;

namespace Isms.LocalHost;

/// <summary>
/// host.json, read as the Functions host reads it: under <c>AzureFunctionsJobHost</c>, so that app settings such as
/// <c>AzureFunctionsJobHost__extensions__http__routePrefix</c> override it.
/// </summary>
public static class HostJson
{
    public const string Section = "AzureFunctionsJobHost";

    public const string RoutePrefixSetting = Section + ":extensions:http:routePrefix";

    /// <summary>What the Functions host uses when host.json names no prefix; the one in host.json wins over it.</summary>
    private const string FunctionsHostDefaultRoutePrefix = "api";

    /// <summary>The settings of the host.json beside this host (the build copies the repository's), or none.</summary>
    public static IEnumerable<KeyValuePair<string, string?>> Settings(string directory)
    {
        var path = Path.Combine(directory, "host.json");
        if (!File.Exists(path))
        {
            return [];
        }

        var hostJson = new ConfigurationBuilder().AddJsonFile(path, optional: false).Build();
        return hostJson.AsEnumerable().Where(p => p.Value is not null).Select(p => KeyValuePair.Create($"{Section}:{p.Key}", p.Value));
    }

    /// <summary>The first segment of every HTTP route, without slashes; empty when routes start at the root.</summary>
    public static string RoutePrefix(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return (configuration[RoutePrefixSetting] ?? FunctionsHostDefaultRoutePrefix).Trim('/');
    }

    /// <summary>The path an HTTP function answers on, as the Functions host builds it: prefix, then route.</summary>
    public static string RoutePath(string prefix, string route) =>
        "/" + string.Join('/', new[] { prefix, route.Trim('/') }.Where(s => s.Length > 0));
}
