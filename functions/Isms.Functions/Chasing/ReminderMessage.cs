namespace Isms.Functions.Chasing;

/// <summary>
/// One queue message per few owners per run: who to remind. The sender works out what each is owed from the register
/// and the ledger when it runs, so a message retried later never reminds about an action closed meanwhile. Owners share
/// a message (<see cref="ChasePlanner.OwnersPerMessage"/>) so that 50,000 people are a few thousand messages; an owner
/// whose digest fails is queued again in a message of their own, retried and parked in the poison queue on their own.
/// </summary>
/// <param name="Owners">The owners to remind.</param>
/// <param name="OwnerUpn">The one owner of a message queued before messages named several; null in later ones.</param>
public sealed record ReminderMessage(string RunId, DateOnly Date, IReadOnlyList<ReminderOwner>? Owners = null, string? OwnerUpn = null)
{
    /// <summary>Each owner the message names, as one delivery each.</summary>
    public IReadOnlyList<ReminderRecipient> Recipients =>
        Owners is not null ? [.. Owners.Select(o => new ReminderRecipient(RunId, o.OwnerUpn, o.Requirements))]
        : OwnerUpn is not null ? [new ReminderRecipient(RunId, OwnerUpn, null)]
        : [];
}

/// <summary>An owner to remind.</summary>
/// <param name="Requirements">
/// What the planner found the person may owe of what people are asked (<c>{kind}|{document or course id}</c>): the sender
/// reads those records by their keys instead of querying the person's owed copies. Null (a message queued before the
/// field existed): the sender reads the copies.
/// </param>
public sealed record ReminderOwner(string OwnerUpn, IReadOnlyList<string>? Requirements = null);

/// <summary>One owner's delivery in a run.</summary>
public sealed record ReminderRecipient(string RunId, string OwnerUpn, IReadOnlyList<string>? Requirements);
