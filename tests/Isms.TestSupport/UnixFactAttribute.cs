namespace Isms.TestSupport;

/// <summary>
/// A fact that needs what only Unix has (bash, signals): on Windows it is reported as skipped, with the reason,
/// rather than returning early and counting as passed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute(string needs)
    {
        Needs = needs;
        if (OperatingSystem.IsWindows())
        {
            Skip = $"Runs on Linux and macOS only: it needs {needs}.";
        }
    }

    /// <summary>What the test needs that Windows lacks.</summary>
    public string Needs { get; }
}
