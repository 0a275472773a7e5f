namespace Isms.Core.Validation;

/// <summary>
/// Maximum lengths of free-text fields. They keep one register row well inside an Azure Table entity
/// (1 MiB, 64 KiB per string property) and keep reports readable; they are not meant to be reached.
/// </summary>
public static class FieldLimits
{
    public const int Title = 200;
    public const int Name = 200;
    public const int Justification = 2000;
    public const int Scope = 2000;
    public const int LongText = 4000;
    public const int SnoozeReason = 500;
    public const int Identifier = 100;
}
