namespace Isms.Functions.Chasing;

/// <summary>
/// One queue message per owner per run: who to remind. The sender works out what is owed from the register
/// and the ledger when it runs, so a message retried later never reminds about an action closed meanwhile.
/// </summary>
public sealed record ReminderMessage(string RunId, string OwnerUpn, DateOnly Date);
