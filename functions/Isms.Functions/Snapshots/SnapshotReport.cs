using System.Globalization;
using System.Net;
using System.Text;
using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.Evidence;
using Isms.Core.Snapshots;

namespace Isms.Functions.Snapshots;

/// <summary>
/// The snapshot as one self-contained HTML page for people: inline CSS and SVG only (nothing fetched), laid out
/// for A4, built from the sealed manifest alone (plus the diff with the previous one), so the page can always be
/// re-rendered from what was sealed. Every piece of text that came from a user goes through <see cref="E"/>.
/// </summary>
public static class SnapshotReport
{
    /// <summary>Served with the page: nothing may load from anywhere, and no script may run.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private const string Green = "#2f7d4f";
    private const string Amber = "#c98a12";
    private const string Red = "#b83232";
    private const string Grey = "#7a8594";
    private const string Blue = "#2b6cb0";

    /// <param name="collectedSection">The "Collected evidence" section, rendered from its Razor component (<see cref="CollectedSectionAsync"/>).</param>
    public static string Render(SnapshotManifest manifest, string sha256, SnapshotDiffResult? sincePrevious, string collectedSection)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var id = manifest.Id;
        var html = new StringBuilder(64 * 1024);
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Compliance snapshot ").Append(E(id)).Append("</title><style>").Append(Css).Append("</style></head><body>");

        Header(html, manifest, sha256);
        Headline(html, manifest);
        Readiness(html, manifest);
        GapAnalysis(html, manifest);
        RiskRegister(html, manifest);
        ManagementReview(html, manifest);
        People(html, manifest);
        html.Append(collectedSection);
        SoaByTheme(html, manifest);
        FreshnessByTheme(html, manifest);
        Ageing(html, manifest);
        Nonconformities(html, manifest);
        Timeline(html, manifest);
        Changes(html, sincePrevious);

        html.Append("<footer><p>Sealed manifest SHA-256 <code>").Append(E(sha256)).Append("</code>. Check it, every evidence file and the chain of earlier snapshots at <code>/api/snapshots/")
            .Append(E(id)).Append("/verification</code>.</p></footer></body></html>");
        return html.ToString();
    }

    private const string Css =
        "@page{size:A4;margin:14mm}*{box-sizing:border-box}body{font:13px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1c2330;margin:0 auto;max-width:182mm;padding:12px}" +
        "h1{font-size:22px;margin:0 0 4px}h2{font-size:16px;margin:22px 0 8px;border-bottom:2px solid #dfe3ea;padding-bottom:3px}h3{font-size:14px;margin:14px 0 6px}" +
        ".meta{color:#4a5568;margin:0}.meta code,footer code{font-size:11px;word-break:break-all}" +
        ".cards{display:grid;grid-template-columns:repeat(5,1fr);gap:8px;margin-top:12px}.card{border:1px solid #dfe3ea;border-radius:6px;padding:8px}.card b{display:block;font-size:20px}.card span{color:#4a5568;font-size:11px}" +
        "table{border-collapse:collapse;width:100%;margin:6px 0}th,td{border:1px solid #dfe3ea;padding:4px 6px;text-align:left;vertical-align:top}th{background:#f3f5f8}" +
        ".ok{color:" + Green + ";font-weight:600}.bad{color:" + Red + ";font-weight:600}.blockers li{color:" + Red + "}" +
        "svg{display:block;max-width:100%;height:auto}svg text{font:11px system-ui,sans-serif;fill:#1c2330}.legend span{display:inline-block;margin-right:12px;font-size:11px}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px;vertical-align:-1px}" +
        "section{break-inside:avoid}footer{margin-top:24px;color:#4a5568;font-size:11px}" +
        "@media print{body{padding:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}";

    private static void Header(StringBuilder html, SnapshotManifest m, string sha256)
    {
        html.Append("<header><h1>Compliance snapshot ").Append(E(m.Id)).Append("</h1>")
            .Append("<p class=\"meta\">Taken ").Append(E(CanonicalJson.Instant(m.TakenAt))).Append(" by ").Append(E(m.TakenBy))
            .Append(" (").Append(E(m.Trigger)).Append(")</p>")
            .Append("<p class=\"meta\">Manifest SHA-256 <code>").Append(E(sha256)).Append("</code></p>")
            .Append("<p class=\"meta\">")
            .Append(m.Previous is { } previous
                ? $"Follows {E(previous.Id)} (SHA-256 <code>{E(previous.Sha256)}</code>)"
                : "The first snapshot of the chain")
            .Append("</p>");
        if (m.Programme.Certification is { } certification)
        {
            html.Append("<p class=\"meta\">Certified by ").Append(E(certification.CertificationBody))
                .Append(", decision ").Append(E(CanonicalJson.Date(certification.CertificationDecisionDate)))
                .Append(", expires ").Append(E(CanonicalJson.Date(certification.ExpiryDate)))
                .Append(". Scope: ").Append(E(certification.Scope)).Append("</p>");
        }

        html.Append("</header>");
    }

    private static void Headline(StringBuilder html, SnapshotManifest m)
    {
        var h = m.Headline;
        html.Append("<section class=\"cards\">")
            .Append(Card(Num(h.ImplementationPercent) + " %", $"Annex A implemented ({Num(h.ImplementedControls)} of {Num(h.ApplicableControls)} applicable)"))
            .Append(Card(Num(h.OverdueCorrectiveActions), $"overdue corrective actions (of {Num(h.OpenCorrectiveActions)} open)"))
            .Append(Card(Num(h.StaleEvidencePercent) + " %", $"controls without current evidence ({Num(h.StaleEvidenceControls)} stale, {Num(h.MissingEvidenceControls)} missing)"))
            .Append(Card(Num(h.OpenMajorNonconformities), $"open major nonconformities ({Num(h.OpenMinorNonconformities)} minor)"))
            .Append(Card(m.Readiness.Ready ? "Ready" : "Not ready", "for certification: see the blockers below"))
            .Append("</section>");
    }

    private static string Card(string figure, string label) => $"<div class=\"card\"><b>{E(figure)}</b><span>{E(label)}</span></div>";

    private static void Readiness(StringBuilder html, SnapshotManifest m)
    {
        html.Append("<section><h2>Certification readiness</h2>");
        var blockers = m.Readiness.Blockers;
        if (blockers.Count == 0)
        {
            html.Append("<p class=\"ok\">No blockers: no open major nonconformity and every mandatory document is evidenced.</p>");
        }
        else
        {
            html.Append("<h3>Blockers (").Append(blockers.Count).Append(")</h3><ul class=\"blockers\">");
            foreach (var b in blockers)
            {
                html.Append("<li>").Append(E(b.Detail)).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("<h3>Mandatory documented information</h3><table><thead><tr><th scope=\"col\">Clause</th><th scope=\"col\">Document</th><th scope=\"col\">State</th><th scope=\"col\">Basis</th></tr></thead><tbody>");
        foreach (var item in m.Readiness.Items.OrderBy(i => i.Evidenced))
        {
            html.Append("<tr><td>").Append(E(item.ClauseId)).Append("</td><td>").Append(E(item.Title))
                .Append("</td><td class=\"").Append(item.Evidenced ? "ok\">Evidenced" : "bad\">Missing").Append("</td><td>").Append(E(item.Basis)).Append("</td></tr>");
        }

        html.Append("</tbody></table></section>");
    }

    /// <summary>The gap analysis per clause (manifests from isms-snapshot/2; an older one has none and shows nothing).</summary>
    private static void GapAnalysis(StringBuilder html, SnapshotManifest m)
    {
        if (m.GapAnalysis is not { } gap)
        {
            return;
        }

        html.Append("<section><h2>Gap analysis: clauses 4 to 10</h2><table><thead><tr><th scope=\"col\">Clause</th><th scope=\"col\">Met</th><th scope=\"col\">Partly met</th><th scope=\"col\">Not met</th><th scope=\"col\">Not assessed</th></tr></thead><tbody>");
        foreach (var c in gap.Clauses)
        {
            html.Append("<tr><td>").Append(c.Clause).Append(' ').Append(E(c.Name)).Append("</td><td>").Append(c.Met).Append("</td><td>").Append(c.Partial)
                .Append("</td><td").Append(c.NotMet > 0 ? " class=\"bad\">" : ">").Append(c.NotMet).Append("</td><td>").Append(c.NotAssessed).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        var open = gap.Requirements.Where(r => r.Status is Isms.Core.GapAnalysis.GapStatus.NotMet or Isms.Core.GapAnalysis.GapStatus.Partial).ToList();
        if (open.Count > 0)
        {
            html.Append("<h3>Requirements not fully met (").Append(open.Count).Append(")</h3><ul>");
            foreach (var r in open)
            {
                html.Append("<li>").Append(E(r.RequirementId)).Append(' ').Append(r.Status == Isms.Core.GapAnalysis.GapStatus.NotMet ? "not met" : "partly met")
                    .Append(r.Note is { Length: > 0 } note ? ": " + E(note) : string.Empty).Append("</li>");
            }

            html.Append("</ul>");
        }

        html.Append("</section>");
    }

    /// <summary>The risk register: the residual heat map as inline SVG, and every risk (isms-snapshot/2; an older manifest shows nothing).</summary>
    private static void RiskRegister(StringBuilder html, SnapshotManifest m)
    {
        if (m.Risks is not { } register)
        {
            return;
        }

        var risks = register.Risks;
        html.Append("<section><h2>Risk register</h2><p>").Append(risks.Count).Append(" risks; ")
            .Append(risks.Count(r => r.AcceptedBy is not null)).Append(" accepted by their owners; ")
            .Append(risks.Count(r => r.ResidualLikelihood * r.ResidualImpact > register.AcceptanceCriteria)).Append(" above the acceptance criteria (a score above ")
            .Append(register.AcceptanceCriteria).Append(").</p>");
        HeatMap(html, register);
        if (risks.Count > 0)
        {
            html.Append("<table><thead><tr><th scope=\"col\">Risk</th><th scope=\"col\">Owner</th><th scope=\"col\">Inherent</th><th scope=\"col\">Treatment</th><th scope=\"col\">Residual</th><th scope=\"col\">Accepted</th></tr></thead><tbody>");
            foreach (var r in risks.OrderByDescending(r => r.ResidualLikelihood * r.ResidualImpact).ThenBy(r => r.Id, StringComparer.Ordinal))
            {
                var residual = r.ResidualLikelihood * r.ResidualImpact;
                html.Append("<tr><td>").Append(E(r.Id)).Append(' ').Append(E(r.Title)).Append("</td><td>").Append(E(r.OwnerUpn)).Append("</td><td>").Append(r.Likelihood * r.Impact)
                    .Append("</td><td>").Append(r.Option is { } option ? E(option.ToString()) + (r.ControlIds.Count > 0 ? " (" + E(string.Join(", ", r.ControlIds)) + ")" : string.Empty) : "not chosen")
                    .Append("</td><td").Append(residual > register.AcceptanceCriteria ? " class=\"bad\">" : ">").Append(residual)
                    .Append("</td><td>").Append(r.AcceptedBy is { } by ? E(by) + (r.AcceptedAt is { } at ? " " + at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : string.Empty) : "no")
                    .Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</section>");
    }

    /// <summary>The last management review completed (9.3): when, who of top management attended, decisions and output actions.</summary>
    private static void ManagementReview(StringBuilder html, SnapshotManifest m)
    {
        if (m.ManagementReview is not { } review)
        {
            return;
        }

        html.Append("<section><h2>Last management review</h2><p>").Append(E(review.Id)).Append(", held ")
            .Append(review.HeldOn is { } held ? held.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "(date not recorded)")
            .Append("; completed by ").Append(E(review.CompletedBy ?? "unknown")).Append(". Attendees: ")
            .Append(E(string.Join(", ", review.Attendees.Select(a => a.TopManagement ? a.Upn + " (top management)" : a.Upn)))).Append(".</p>");
        if (review.Decisions.Count > 0)
        {
            html.Append("<h3>Decisions</h3><ul>");
            foreach (var d in review.Decisions)
            {
                html.Append("<li>").Append(E(d.Kind)).Append(": ").Append(E(d.Text)).Append("</li>");
            }

            html.Append("</ul>");
        }

        if (review.OutputActions.Count > 0)
        {
            html.Append("<h3>Output actions</h3><table><thead><tr><th scope=\"col\">Action</th><th scope=\"col\">Owner</th><th scope=\"col\">Due</th><th scope=\"col\">Status</th></tr></thead><tbody>");
            foreach (var a in review.OutputActions)
            {
                html.Append("<tr><td>").Append(E(a.Id)).Append(' ').Append(E(a.Description)).Append("</td><td>").Append(E(a.OwnerUpn)).Append("</td><td>")
                    .Append(a.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append("</td><td>").Append(E(a.Status.ToString())).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</section>");
    }

    private static void People(StringBuilder html, SnapshotManifest m)
    {
        if (m.People is not { } people)
        {
            return;
        }

        static string Figures(ManifestCompletion f) => string.Create(CultureInfo.InvariantCulture, $"{f.Done} of {f.Required} done, {f.Owed} owed, {f.Overdue} overdue");
        html.Append("<section><h2>Policies and training</h2><p>").Append(people.People.ToString(CultureInfo.InvariantCulture))
            .Append(" people asked. Acknowledgement: ").Append(Figures(people.Acknowledgement)).Append(". Training: ").Append(Figures(people.Training))
            .Append(". Each person's record is in the manifest (<code>peopleRecords</code>).</p>")
            .Append("<table><thead><tr><th scope=\"col\">Document or course</th><th scope=\"col\">Asked</th><th scope=\"col\">Figures</th></tr></thead><tbody>");
        foreach (var subject in people.Subjects)
        {
            html.Append("<tr><td>").Append(E(subject.Title)).Append(" (").Append(E(subject.SubjectId)).Append(")</td><td>")
                .Append(subject.Kind == "Acknowledgement" ? "to acknowledge" : "to complete").Append("</td><td>").Append(E(Figures(subject.Figures))).Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        if (people.OverduePeople.Count > 0)
        {
            html.Append("<p>Overdue: ").Append(E(string.Join(", ", people.OverduePeople.Take(50))))
                .Append(people.OverduePeople.Count > 50 ? string.Create(CultureInfo.InvariantCulture, $" and {people.OverduePeople.Count - 50} more") : string.Empty).Append(".</p>");
        }

        html.Append("</section>");
    }

    /// <summary>The "Collected evidence" section, from its Razor component (the rest of the report is still built here: a known bend of DESIGN.md).</summary>
    public static async Task<string> CollectedSectionAsync(SnapshotManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Collected is { Count: > 0 } collected
            ? await Pages.ComponentHtml.RenderAsync<Pages.Snapshots.CollectedEvidenceSection>(new Dictionary<string, object?>
            {
                [nameof(Pages.Snapshots.CollectedEvidenceSection.Collected)] = collected,
                [nameof(Pages.Snapshots.CollectedEvidenceSection.Colour)] = (Func<string, string>)OutcomeColour,
            }).ConfigureAwait(false)
            : string.Empty;
    }

    /// <summary>The colour the report gives a collector's outcome.</summary>
    public static string OutcomeColour(string outcome) => outcome switch { "Passed" => Green, "Failed" => Red, _ => "#8a4b00" };

    /// <summary>Residual risks counted on the matrix: likelihood up, impact across; cells above the criteria in red.</summary>
    private static void HeatMap(StringBuilder html, ManifestRisks register)
    {
        const int cell = 44;
        const int left = 120;
        const int top = 10;
        var rows = register.Likelihoods.Count;
        var columns = register.Impacts.Count;
        var width = left + (columns * cell) + 10;
        var height = top + (rows * cell) + 40;
        html.Append(CultureInfo.InvariantCulture, $"<svg role=\"img\" aria-label=\"Residual risks by likelihood and impact\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\">");
        for (var l = rows; l >= 1; l--)
        {
            var y = top + ((rows - l) * cell);
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{left - 6}\" y=\"{y + (cell / 2) + 4}\" text-anchor=\"end\">{E(register.Likelihoods[l - 1])}</text>");
            for (var i = 1; i <= columns; i++)
            {
                var x = left + ((i - 1) * cell);
                var count = register.Risks.Count(r => r.ResidualLikelihood == l && r.ResidualImpact == i);
                var colour = l * i > register.AcceptanceCriteria ? (count > 0 ? Red : "#f3d6d6") : (count > 0 ? Green : "#dcefe3");
                html.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x}\" y=\"{y}\" width=\"{cell - 2}\" height=\"{cell - 2}\" fill=\"{colour}\"/>");
                if (count > 0)
                {
                    html.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + (cell / 2) - 1}\" y=\"{y + (cell / 2) + 4}\" text-anchor=\"middle\" fill=\"#fff\">{count}</text>");
                }
            }
        }

        for (var i = 1; i <= columns; i++)
        {
            html.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + ((i - 1) * cell) + (cell / 2) - 1}\" y=\"{top + (rows * cell) + 14}\" text-anchor=\"middle\">{i}</text>");
        }

        html.Append(CultureInfo.InvariantCulture, $"<text x=\"{left + (columns * cell / 2)}\" y=\"{top + (rows * cell) + 32}\" text-anchor=\"middle\">Impact (1 {E(register.Impacts[0])} to {columns} {E(register.Impacts[^1])})</text></svg>");
    }

    private static void SoaByTheme(StringBuilder html, SnapshotManifest m)
    {
        var rows = new List<(string, IReadOnlyList<(string, int, string)>)>();
        foreach (var theme in Enum.GetValues<ControlTheme>().Where(t => t != ControlTheme.Clause))
        {
            var applicable = m.Controls.Where(c => c.Theme == theme && c.Applicable).ToList();
            rows.Add((theme.ToString(), [
                ("Implemented", applicable.Count(c => c.ImplementationStatus == ImplementationStatus.Implemented), Green),
                ("Partial", applicable.Count(c => c.ImplementationStatus == ImplementationStatus.Partial), Amber),
                ("Not started", applicable.Count(c => c.ImplementationStatus == ImplementationStatus.NotStarted), Red),
            ]));
        }

        var excluded = m.Controls.Count(c => c.IsAnnexA && !c.Applicable);
        html.Append("<section><h2>Statement of Applicability: implementation by theme</h2>")
            .Append(StackedBars("Implementation of applicable Annex A controls by theme", rows))
            .Append(CultureInfo.InvariantCulture, $"<p>{excluded} Annex A controls are excluded, each with its justification in the SoA.</p></section>");
    }

    private static void FreshnessByTheme(StringBuilder html, SnapshotManifest m)
    {
        var rows = Enum.GetValues<ControlTheme>().Select(theme =>
        {
            var own = m.Freshness.Where(f => f.Theme == theme).ToList();
            return (theme == ControlTheme.Clause ? "Clauses 4-10" : theme.ToString(), (IReadOnlyList<(string, int, string)>)[
                ("Fresh", own.Count(f => f.State == EvidenceFreshnessState.Fresh), Green),
                ("Due soon", own.Count(f => f.State == EvidenceFreshnessState.DueSoon), Amber),
                ("Stale", own.Count(f => f.State == EvidenceFreshnessState.Stale), Red),
                ("Missing", own.Count(f => f.State == EvidenceFreshnessState.Missing), Grey),
            ]);
        }).ToList();
        html.Append("<section><h2>Evidence freshness by theme</h2>")
            .Append(StackedBars("Evidence freshness of every clause and applicable control by theme", rows))
            .Append(CultureInfo.InvariantCulture, $"<p>{Num(m.Headline.EvidenceVersions)} evidence files are listed in the manifest with their SHA-256.</p></section>");
    }

    private static void Ageing(StringBuilder html, SnapshotManifest m)
    {
        var open = m.CorrectiveActions.Open;
        var rows = CorrectiveActionAgeing.Bands.Select(band =>
        {
            var inBand = open.Where(a => CorrectiveActionAgeing.Band(a.AgeDays) == band).ToList();
            var overdue = inBand.Count(a => a.DaysOverdue > 0);
            return (band, (IReadOnlyList<(string, int, string)>)[("Overdue", overdue, Red), ("Not overdue", inBand.Count - overdue, Blue)]);
        }).ToList();
        html.Append("<section><h2>Corrective-action ageing</h2>")
            .Append(StackedBars("Open corrective actions by age since raised", rows))
            .Append(CultureInfo.InvariantCulture, $"<p>{open.Count} open; {m.CorrectiveActions.RecentlyClosed.Count} closed in the last {Num(m.CorrectiveActions.WindowDays)} days.</p></section>");
    }

    private static void Nonconformities(StringBuilder html, SnapshotManifest m)
    {
        var open = m.Findings.Open;
        var rows = new List<(string, IReadOnlyList<(string, int, string)>)>
        {
            ("Major", [("Open", open.Count(f => f.Type == FindingType.MajorNonconformity), Red)]),
            ("Minor", [("Open", open.Count(f => f.Type == FindingType.MinorNonconformity), Amber)]),
        };
        html.Append("<section><h2>Open nonconformities by severity</h2>").Append(StackedBars("Open nonconformities by severity", rows));
        if (open.Count > 0)
        {
            html.Append("<table><thead><tr><th scope=\"col\">Finding</th><th scope=\"col\">Severity</th><th scope=\"col\">Controls</th><th scope=\"col\">Description</th><th scope=\"col\">Age (days)</th></tr></thead><tbody>");
            foreach (var f in open.OrderBy(f => f.Type.ToString(), StringComparer.Ordinal).ThenByDescending(f => f.AgeDays).Take(200))
            {
                html.Append("<tr><td>").Append(E(f.Id)).Append("</td><td>").Append(f.Type == FindingType.MajorNonconformity ? "Major" : "Minor")
                    .Append("</td><td>").Append(E(string.Join(", ", f.ControlIds))).Append("</td><td>")
                    .Append(E(f.Description)).Append("</td><td>").Append(f.AgeDays).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        html.Append("</section>");
    }

    private static void Timeline(StringBuilder html, SnapshotManifest m)
    {
        var programme = m.Programme;
        var taken = DateOnly.FromDateTime(m.TakenAt.UtcDateTime);
        var from = new DateOnly(taken.Year, taken.Month, 1).AddMonths(-6);
        var to = from.AddMonths(24);
        var audits = programme.Audits
            .Select(a => (Audit: a, Start: a.PlannedStart, End: a.PlannedEnd))
            .Where(a => a.End >= from && a.Start < to && a.Audit.Status != AuditStatus.Cancelled)
            .OrderBy(a => a.Start).ThenBy(a => a.Audit.Id, StringComparer.Ordinal)
            .Take(40)
            .ToList();
        const int Left = 210, Width = 640, Row = 18, Top = 24;
        var days = to.DayNumber - from.DayNumber;
        double X(DateOnly d) => Left + ((double)Math.Clamp(d.DayNumber - from.DayNumber, 0, days) / days * (Width - Left - 6));
        var height = Top + (Math.Max(1, audits.Count) * Row) + 8;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"Audit programme timeline\"><title>Audit programme timeline, {E(CanonicalJson.Date(from))} to {E(CanonicalJson.Date(to))}</title>");
        for (var month = from; month < to; month = month.AddMonths(3))
        {
            var x = X(month);
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{x:F1}\" y1=\"{Top - 6}\" x2=\"{x:F1}\" y2=\"{height - 4}\" stroke=\"#dfe3ea\"/><text x=\"{x + 2:F1}\" y=\"{Top - 10}\">{month:yyyy-MM}</text>");
        }

        var now = X(taken);
        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{now:F1}\" y1=\"{Top - 6}\" x2=\"{now:F1}\" y2=\"{height - 4}\" stroke=\"{Red}\" stroke-dasharray=\"3 2\"/>");
        for (var i = 0; i < audits.Count; i++)
        {
            var (audit, start, end) = audits[i];
            var y = Top + (i * Row);
            var colour = audit.Type switch
            {
                AuditType.Internal => Blue,
                AuditType.ManagementReview => Grey,
                AuditType.FollowUp => Amber,
                _ => Green,
            };
            var label = $"{audit.Type}: {audit.Title}";
            if (label.Length > 38)
            {
                label = label[..37] + "…";
            }

            var x1 = X(start);
            var x2 = Math.Max(X(end.AddDays(1)), x1 + 3);
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{y + 12}\">{E(label)}</text>")
                .Append(CultureInfo.InvariantCulture, $"<rect x=\"{x1:F1}\" y=\"{y + 3}\" width=\"{x2 - x1:F1}\" height=\"{Row - 6}\" rx=\"2\" fill=\"{colour}\" opacity=\"{(audit.Status == AuditStatus.Completed ? "0.55" : "1")}\"><title>{E($"{audit.Id} {audit.Status} {CanonicalJson.Date(start)} to {CanonicalJson.Date(end)}")}</title></rect>");
        }

        if (audits.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"{Top + 12}\">No audits planned in this period.</text>");
        }

        svg.Append("</svg>");
        html.Append("<section><h2>Audit programme timeline</h2>").Append(svg)
            .Append("<p class=\"legend\">").Append(Legend("External", Green)).Append(Legend("Internal", Blue)).Append(Legend("Follow-up", Amber)).Append(Legend("Management review", Grey))
            .Append(Legend("Snapshot date", Red)).Append("</p>")
            .Append(CultureInfo.InvariantCulture, $"<p>Internal audit coverage: {Num(programme.OnTrack)} of {Num(programme.Controls)} clauses and applicable controls on track.</p></section>");
    }

    private static void Changes(StringBuilder html, SnapshotDiffResult? diff)
    {
        html.Append("<section><h2>Changes since the previous snapshot</h2>");
        if (diff is null)
        {
            html.Append("<p>This is the first snapshot: there is nothing earlier to compare with.</p></section>");
            return;
        }

        html.Append("<p>Compared with ").Append(E(diff.FromId)).Append(" taken ").Append(E(diff.FromTakenAt)).Append(CultureInfo.InvariantCulture, $": {diff.Count} changes.</p>");
        if (diff.Headline.Count > 0)
        {
            html.Append("<table><thead><tr><th scope=\"col\">Figure</th><th scope=\"col\">Before</th><th scope=\"col\">Now</th></tr></thead><tbody>");
            foreach (var f in diff.Headline)
            {
                html.Append("<tr><td>").Append(E(f.Figure)).Append("</td><td>").Append(E(f.Before.ToString(CultureInfo.InvariantCulture)))
                    .Append("</td><td>").Append(E(f.After.ToString(CultureInfo.InvariantCulture))).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        var lists = new (string Title, IEnumerable<string> Items)[]
        {
            ("Controls changed", diff.Controls.Select(c => $"{c.Reference} {c.Field}: {c.Before ?? "—"} → {c.After ?? "—"}")),
            ("Evidence freshness changed", diff.Freshness.Select(c => $"{c.Reference}: {c.Before ?? "—"} → {c.After ?? "—"}")),
            ("Readiness changed", diff.Readiness.Select(c => $"{c.Reference}: evidenced {c.Before ?? "—"} → {c.After ?? "—"}")),
            ("Evidence added", diff.EvidenceAdded),
            ("Evidence no longer listed", diff.EvidenceRemoved),
            ("Corrective actions opened", diff.CorrectiveActionsOpened),
            ("Corrective actions closed", diff.CorrectiveActionsClosed),
            ("Nonconformities opened", diff.FindingsOpened),
            ("Nonconformities closed", diff.FindingsClosed),
        };
        foreach (var (title, items) in lists)
        {
            var all = items.ToList();
            if (all.Count == 0)
            {
                continue;
            }

            html.Append("<h3>").Append(E(title)).Append(CultureInfo.InvariantCulture, $" ({all.Count})</h3><ul>");
            foreach (var item in all.Take(100))
            {
                html.Append("<li>").Append(E(item)).Append("</li>");
            }

            if (all.Count > 100)
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>… and {all.Count - 100} more (see /diff).</li>");
            }

            html.Append("</ul>");
        }

        html.Append("</section>");
    }

    /// <summary>Horizontal stacked bars with a legend; each segment carries its count as a tooltip.</summary>
    private static string StackedBars(string title, IReadOnlyList<(string Label, IReadOnlyList<(string Segment, int Value, string Colour)> Segments)> rows)
    {
        const int Left = 130, Width = 640, Row = 26, Top = 6;
        var max = Math.Max(1, rows.Max(r => r.Segments.Sum(s => s.Value)));
        var height = Top + (rows.Count * Row) + 4;
        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {Width} {height}\" role=\"img\" aria-label=\"{E(title)}\"><title>{E(title)}</title>");
        for (var i = 0; i < rows.Count; i++)
        {
            var (label, segments) = rows[i];
            var y = Top + (i * Row);
            var x = (double)Left;
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"4\" y=\"{y + 15}\">{E(label)}</text>");
            foreach (var (segment, value, colour) in segments.Where(s => s.Value > 0))
            {
                var w = (double)value / max * (Width - Left - 60);
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:F1}\" y=\"{y + 3}\" width=\"{w:F1}\" height=\"{Row - 8}\" fill=\"{colour}\"><title>{E($"{label}: {value} {segment}")}</title></rect>");
                x += w;
            }

            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{x + 6:F1}\" y=\"{y + 15}\">{segments.Sum(s => s.Value)}</text>");
        }

        svg.Append("</svg><p class=\"legend\">");
        foreach (var (segment, _, colour) in rows[0].Segments)
        {
            svg.Append(Legend(segment, colour));
        }

        return svg.Append("</p>").ToString();
    }

    private static string Legend(string label, string colour) => $"<span><i style=\"background:{colour}\"></i>{E(label)}</span>";

    private static string E(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    /// <summary>A figure as the manifest writes it: the shortest text that reads back as the same number.</summary>
    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
