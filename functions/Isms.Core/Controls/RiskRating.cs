namespace Isms.Core.Controls;

/// <summary>How much risk the control treats; the internal audit programme audits higher risk more often.</summary>
public enum RiskRating
{
    Low,
    Medium,
    High,
}
