using System.Net;
using Isms.Functions.Platform;
using Isms.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Isms.IntegrationTests.Host;

/// <summary>A failure nobody foresaw still answers problem details with a trace id, never an empty 500.</summary>
[Collection(LocalHostGroup.Name)]
public sealed class UnhandledErrorTests(LocalHostFixture fixture)
{
    [Fact]
    public async Task An_exception_thrown_by_a_function_answers_problem_details_with_a_trace_id()
    {
        using var response = await fixture.Client.GetAsync("api/test-failure");

        var problem = await ApiClient.AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Contains("trace id", (string?)problem["detail"], StringComparison.Ordinal);
        Assert.DoesNotContain("storage account is on fire", (string?)problem["detail"], StringComparison.Ordinal);
    }
}

/// <summary>A function that fails the way an unexpected storage error does: after the function's services were used.</summary>
public sealed class FailingTestFunction(CallerReader callers)
{
    [Function("TestFailure")]
    [OpenApiOperation("Fails every time", "Tests")]
    public IActionResult Fail([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "api/test-failure")] HttpRequest request)
    {
        _ = callers.Read(request);
        throw new InvalidOperationException("The storage account is on fire.");
    }
}
