namespace Isms.Core.Controls;

/// <summary>One entry of the catalogue: a clause or sub-clause of 4-10, or an Annex A control.</summary>
/// <param name="Id">"4.1", "6.1.2" or "A.5.7": the numbering people use in audits.</param>
/// <param name="Title">The title as the standard words it.</param>
/// <param name="Theme">Clause for 4-10, else the Annex A theme.</param>
/// <param name="ParentId">For a sub-clause such as 6.1.2, its clause (6.1); otherwise null.</param>
public sealed record Control(string Id, string Title, ControlTheme Theme, string? ParentId = null)
{
    public bool IsAnnexA => Theme != ControlTheme.Clause;
}
