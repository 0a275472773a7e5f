namespace Isms.TestSupport;

/// <summary>
/// Marks a test assembly whose own <c>[Function]</c> methods every <see cref="TestHost"/> serves beside the app's:
/// functions that exist only in the tests prove that the host finds a function by its attributes alone.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class TestFunctionsAttribute : Attribute;
