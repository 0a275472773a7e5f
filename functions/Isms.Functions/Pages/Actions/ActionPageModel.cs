using Isms.Functions.Evidence;
using Isms.Functions.Registers;

namespace Isms.Functions.Pages.Actions;

/// <summary>Everything the action page shows, read once by <see cref="ActionPages"/>.</summary>
/// <param name="Action">The action as it is now.</param>
/// <param name="Finding">The nonconformity it corrects (null if it could not be read).</param>
/// <param name="Evidence">The evidence linked to the action.</param>
/// <param name="MaxSnoozeDays">How far ahead the policy lets an owner pause reminders.</param>
public sealed record ActionPageModel(CorrectiveActionResponse Action, FindingResponse? Finding, IReadOnlyList<EvidenceResponse> Evidence, int MaxSnoozeDays);
