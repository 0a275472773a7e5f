using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.Programme;

namespace Isms.Core.Tests.Programme;

/// <summary>A realistic catalogue: clauses 4-10 and the 93 Annex A controls with owners and risk ratings.</summary>
internal static class ProgrammeCatalogue
{
    public const string Alice = "alice@contoso.com";
    public const string Bob = "bob@contoso.com";
    public const string Carol = "carol@contoso.com";
    public const string Manager = "isms.manager@contoso.com";

    public static readonly string[] Clauses =
    [
        "4.1", "4.2", "4.3", "4.4", "5.1", "5.2", "5.3", "6.1", "6.2", "6.3", "7.1", "7.2", "7.3", "7.4", "7.5",
        "8.1", "8.2", "8.3", "9.1", "9.2", "9.3", "10.1", "10.2",
    ];

    public static readonly HashSet<string> HighRisk =
        ["6.1", "A.5.15", "A.5.16", "A.5.17", "A.5.18", "A.8.2", "A.8.5", "A.8.7", "A.8.8", "A.8.13", "A.8.24"];

    public static readonly HashSet<string> NotApplicable = ["A.7.5", "A.7.11", "A.8.30", "A.6.7"];

    /// <summary>The one independence rule over the owners the controls name, as the planner builds it.</summary>
    public static AuditorIndependence Independence(IEnumerable<ProgrammeControl> controls) =>
        new(controls.Select(c => (c.Id, c.OwnerUpn)));

    public static IReadOnlyList<ProgrammeControl> Build()
    {
        var controls = new List<ProgrammeControl>();
        foreach (var clause in Clauses)
        {
            controls.Add(new ProgrammeControl(clause, true, true, Risk(clause), Manager));
        }

        foreach (var (theme, count) in new[] { (5, 37), (6, 8), (7, 14), (8, 34) })
        {
            for (var n = 1; n <= count; n++)
            {
                var id = $"A.{theme}.{n}";
                controls.Add(new ProgrammeControl(id, false, !NotApplicable.Contains(id), Risk(id), Owner(theme, n)));
            }
        }

        return controls;
    }

    private static RiskRating Risk(string id) => HighRisk.Contains(id) ? RiskRating.High : (id.Length % 2 == 0 ? RiskRating.Medium : RiskRating.Low);

    // Alice owns access control, Bob the technological controls, Carol owns nothing: each pool member is
    // conflicted somewhere, so the assigner has to choose.
    private static string Owner(int theme, int n) => theme switch
    {
        5 when n is >= 15 and <= 18 => Alice,
        8 => Bob,
        _ => $"owner{(theme + n) % 5}@contoso.com",
    };
}
