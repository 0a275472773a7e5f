namespace Isms.Functions.Storage;

/// <summary>Every table the app keeps; docs/storage.md says which query each key serves.</summary>
public static class TableNames
{
    public const string Health = "Health";
}

/// <summary>Every queue the app uses.</summary>
public static class QueueNames
{
    public const string Reminders = "reminders";
}
