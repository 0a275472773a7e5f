namespace Isms.Functions.Chasing;

/// <summary>
/// One queue message per owner per run: who to remind. The sender works out what is owed from the register
/// and the ledger when it runs, so a message retried later never reminds about an action closed meanwhile.
/// </summary>
/// <param name="Requirements">
/// What the planner found the person may owe of what people are asked (<c>{kind}|{document or course id}</c>): the sender
/// reads those records by their keys instead of querying the person's owed copies. Null in a message queued before the
/// field existed: the sender then reads the copies.
/// </param>
public sealed record ReminderMessage(string RunId, string OwnerUpn, DateOnly Date, IReadOnlyList<string>? Requirements = null);
