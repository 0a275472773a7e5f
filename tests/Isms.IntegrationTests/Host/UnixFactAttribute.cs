namespace Isms.IntegrationTests.Host;

/// <summary>A test of POSIX signals and process groups: reported as skipped, with the reason, on Windows.</summary>
public sealed class UnixFactAttribute : FactAttribute
{
    public UnixFactAttribute()
    {
        if (OperatingSystem.IsWindows())
        {
            Skip = "Needs POSIX signals (SIGINT, SIGTERM, SIGKILL), which Windows does not have.";
        }
    }
}
