using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Isms.RefusedFunctions;

/// <summary>
/// One function of each shape the Functions host in Azure would run differently from the local host. Each compiles and
/// would be indexed by the Functions host; the local host must refuse each at start, naming it and what to change.
/// </summary>
public static class RefusedFunctions
{
    /// <summary>Settings the tests give the host, so that only the shape named in each function is wrong.</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["RefusedIntervalSchedule"] = "00:05:00",
        ["RefusedGoodSchedule"] = "0 0 6 * * *",
    };

    [Function("BlobTriggered")]
    public static void BlobTriggered([BlobTrigger("evidence/{name}")] string content) => _ = content;

    [Function("KeyProtected")]
    public static IActionResult KeyProtected([HttpTrigger(AuthorizationLevel.Function, "get", Route = "keyed")] HttpRequest request) => new OkResult();

    [Function("EveryMethod")]
    public static IActionResult EveryMethod([HttpTrigger(AuthorizationLevel.Anonymous, Route = "every-method")] HttpRequest request) => new OkResult();

    [Function("OptionalSegment")]
    public static IActionResult OptionalSegment([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "things/{id?}")] HttpRequest request, string? id) => new OkResult();

    [Function("OptionalNotRoot")]
    public static IActionResult OptionalNotRoot([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{page:maxlength(1)?}")] HttpRequest request, string? page) => new OkResult();

    [Function("RootUnderSegment")]
    public static IActionResult RootUnderSegment([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "home/{ignored:maxlength(0)?}")] HttpRequest request) => new OkResult();

    [Function("CatchAllSegment")]
    public static IActionResult CatchAllSegment([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "files/{*path}")] HttpRequest request, string path) => new OkResult();

    [Function("RegexConstraint")]
    public static IActionResult RegexConstraint([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "codes/{code:regex(^[a-z]+$)}")] HttpRequest request, string code) => new OkResult();

    [Function("QueryBound")]
    public static IActionResult QueryBound([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search")] HttpRequest request, string term) => new OkResult();

    [Function("ReturnsText")]
    public static string ReturnsText([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "text")] HttpRequest request) => "hello";

    [Function("LiteralSchedule")]
    public static void LiteralSchedule([TimerTrigger("0 */5 * * * *")] TimerInfo timer) => _ = timer;

    [Function("UnsetSchedule")]
    public static void UnsetSchedule([TimerTrigger("%RefusedUnsetSchedule%")] TimerInfo timer) => _ = timer;

    [Function("IntervalSchedule")]
    public static void IntervalSchedule([TimerTrigger("%RefusedIntervalSchedule%")] TimerInfo timer) => _ = timer;

    [Function("OtherConnection")]
    public static void OtherConnection([QueueTrigger("refused", Connection = "OtherStorage")] string message) => _ = message;

    [Function("SettingQueueName")]
    public static void SettingQueueName([QueueTrigger("%RefusedQueueName%")] string message) => _ = message;

    [Function("OutputBinding")]
    [QueueOutput("forwarded")]
    public static string OutputBinding([TimerTrigger("%RefusedGoodSchedule%")] TimerInfo timer) => "forward me";
}
