using Isms.Functions.Platform;
using Microsoft.ApplicationInsights.DataContracts;

namespace Isms.IntegrationTests.Host;

/// <summary>What Application Insights would record of an outgoing call carries no query string: no webhook signature, no SAS.</summary>
public sealed class TelemetryScrubbingTests
{
    [Fact]
    public void The_webhook_signature_and_a_SAS_never_reach_dependency_telemetry()
    {
        var webhook = "https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke?api-version=2016-06-01&sp=%2Ftriggers%2Fmanual%2Frun&sv=1.0&sig=Secret123";
        var call = new DependencyTelemetry("Http", "prod-12.westeurope.logic.azure.com", "POST /workflows/abc/triggers/manual/paths/invoke?sig=Secret123", webhook);
        var sas = new DependencyTelemetry("Azure blob", "isms.blob.core.windows.net", "PUT staging/UP-1/x", "https://isms.blob.core.windows.net/staging/UP-1/x?sv=2026-10-06&sp=cw&sig=AlsoSecret");
        var scrubber = new QueryStringScrubber();

        scrubber.Initialize(call);
        scrubber.Initialize(sas);

        Assert.Equal("https://prod-12.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke", call.Data);
        Assert.Equal("POST /workflows/abc/triggers/manual/paths/invoke", call.Name);
        Assert.DoesNotContain("sig=", sas.Data, StringComparison.Ordinal);
        Assert.Equal("PUT staging/UP-1/x", sas.Name);
    }
}
