namespace Isms.Functions.Platform;

/// <summary>
/// Marks a setting that only the local host uses and Azure never sets (so infra need not carry it); the infra
/// tests skip it when they check that every setting the app reads is deployed.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LocalHostOnlyAttribute : Attribute;
