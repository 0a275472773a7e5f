namespace Isms.Core.Controls;

/// <summary>How often a control's owner must show fresh evidence that it operates.</summary>
public enum ReviewFrequency
{
    Monthly,
    Quarterly,
    SemiAnnual,
    Annual,
}
