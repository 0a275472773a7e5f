namespace Isms.Core.Controls;

/// <summary>
/// Where a control comes from: a requirement clause (4-10) of ISO/IEC 27001:2022, or one of the four
/// themes of its Annex A.
/// </summary>
public enum ControlTheme
{
    Clause,
    Organizational,
    People,
    Physical,
    Technological,
}
