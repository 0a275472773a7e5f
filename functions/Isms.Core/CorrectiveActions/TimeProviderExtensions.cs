namespace Isms.Core.CorrectiveActions;

internal static class TimeProviderExtensions
{
    /// <summary>
    /// The calendar date in the provider's time zone (UTC on Azure Functions unless configured), which is
    /// what due dates are compared with.
    /// </summary>
    public static DateOnly Today(this TimeProvider time) => DateOnly.FromDateTime(time.GetLocalNow().DateTime);
}
