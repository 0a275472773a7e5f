namespace Isms.Core.Snapshots;

/// <summary>One piece of documented information ISO/IEC 27001:2022 makes mandatory.</summary>
public sealed record MandatoryDocument(string Key, string ClauseId, string Title);

/// <summary>Whether one mandatory document is evidenced, and by what.</summary>
public sealed record ReadinessItem(string Key, string ClauseId, string Title, bool Evidenced, string Basis);

/// <summary>Something that stops certification: an open major nonconformity or a missing mandatory document.</summary>
public sealed record ReadinessBlocker(string Kind, string Reference, string Detail);

/// <summary>
/// The Stage 1 auditor's checklist: blockers first, then every mandatory document. Also the manifest's
/// <c>readiness</c> section (see <see cref="SnapshotManifest"/>): its members are part of the sealed format.
/// </summary>
public sealed record ReadinessReport(IReadOnlyList<ReadinessBlocker> Blockers, IReadOnlyList<ReadinessItem> Items)
{
    public bool Ready => Blockers.Count == 0;
}

/// <summary>An open major nonconformity as the checklist names it.</summary>
/// <param name="Origin">Where it was found: "audit AUD-…", or its source and reference when raised outside audits.</param>
public sealed record OpenMajorNonconformity(string FindingId, string Origin, string Description);

/// <summary>What the checklist is judged from, all already known by the time the manifest reaches it.</summary>
/// <param name="EvidenceByClause">Per clause id, how many evidence files are linked to it.</param>
/// <param name="UndecidedSoaControls">Annex A controls nobody has set in the SoA yet.</param>
/// <param name="CompletedInternalAudits">Completed internal audits (9.2 results).</param>
/// <param name="CompletedManagementReviews">Management reviews completed in the last twelve months (9.3 is judged from them alone; see Reviews.ManagementReviewRules.CompletedInLastYear).</param>
/// <param name="CorrectiveActionsOnRecord">Corrective actions in the register, open or closed (10.2 records).</param>
/// <param name="OpenMajors">Major nonconformities still open.</param>
/// <param name="Risks">The risk register as it stands (6.1.2, 6.1.3, 8.2, 8.3 are judged from it, not from files).</param>
public sealed record ReadinessInputs(
    IReadOnlyDictionary<string, int> EvidenceByClause,
    int UndecidedSoaControls,
    int CompletedInternalAudits,
    int CompletedManagementReviews,
    int CorrectiveActionsOnRecord,
    IReadOnlyList<OpenMajorNonconformity> OpenMajors,
    RiskRegisterReadiness Risks);

/// <summary>What the readiness checklist needs of the risk register.</summary>
/// <param name="Assessed">Risks in the register (each has an owner and a likelihood and impact on the matrix).</param>
/// <param name="AboveCriteria">Risks whose residual score is above the acceptance criteria.</param>
/// <param name="AboveCriteriaTreatedAndAccepted">Of those, the ones with a treatment chosen and the residual risk accepted by the owner.</param>
public sealed record RiskRegisterReadiness(int Assessed, int AboveCriteria, int AboveCriteriaTreatedAndAccepted)
{
    /// <summary>Assessed risks, and every one above the criteria treated and accepted.</summary>
    public bool Ready => Assessed > 0 && AboveCriteriaTreatedAndAccepted == AboveCriteria;
}

/// <summary>
/// The mandatory documented information of ISO/IEC 27001:2022 (4.3 scope, 5.2 policy, 6.1.2 and 6.1.3 the
/// risk processes, the SoA, 6.2 objectives, 7.2 competence, 8.1 operational planning, 8.2 and 8.3 risk results,
/// 9.1 monitoring, 9.2 audit programme and results, 9.3 management review, 10.2 nonconformities and actions),
/// each evidenced or missing. A document is evidenced by evidence linked to its clause id; the SoA by the
/// register itself once every Annex A control is decided; 6.1.2, 6.1.3, 8.2 and 8.3 by the risk register alone (risks
/// assessed, and every one above the acceptance criteria treated and accepted); 9.3 by a management review completed in
/// the last twelve months, and nothing else; 9.2 and 10.2 also by the registers' own records.
/// </summary>
public static class ReadinessChecklist
{
    public const string SoaKey = "6.1.3-soa";

    public static IReadOnlyList<MandatoryDocument> Mandatory { get; } =
    [
        new("4.3", "4.3", "Scope of the ISMS"),
        new("5.2", "5.2", "Information security policy"),
        new("6.1.2", "6.1.2", "Risk assessment process"),
        new("6.1.3", "6.1.3", "Risk treatment process"),
        new(SoaKey, "6.1.3", "Statement of Applicability"),
        new("6.2", "6.2", "Information security objectives"),
        new("7.2", "7.2", "Evidence of competence"),
        new("8.1", "8.1", "Operational planning and control"),
        new("8.2", "8.2", "Results of risk assessments"),
        new("8.3", "8.3", "Results of risk treatment"),
        new("9.1", "9.1", "Monitoring and measurement results"),
        new("9.2", "9.2", "Audit programme and audit results"),
        new("9.3", "9.3", "Results of management reviews"),
        new("10.2", "10.2", "Nonconformities and corrective actions"),
    ];

    public static ReadinessReport Assess(ReadinessInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var items = Mandatory.Select(d => Judge(d, inputs)).ToList();
        var blockers = inputs.OpenMajors
            .OrderBy(m => m.FindingId, StringComparer.Ordinal)
            .Select(m => new ReadinessBlocker("OpenMajorNonconformity", m.FindingId, $"Open major nonconformity {m.FindingId} ({m.Origin}): {m.Description}"))
            .Concat(items.Where(i => !i.Evidenced).Select(i => new ReadinessBlocker("MissingDocument", i.Key, $"{i.ClauseId} {i.Title}: {i.Basis}")))
            .ToList();
        return new ReadinessReport(blockers, items);
    }

    private static ReadinessItem Judge(MandatoryDocument document, ReadinessInputs inputs)
    {
        if (document.Key == SoaKey)
        {
            return inputs.UndecidedSoaControls == 0
                ? new(document.Key, document.ClauseId, document.Title, true, "every Annex A control is decided in the SoA register")
                : new(document.Key, document.ClauseId, document.Title, false, $"{inputs.UndecidedSoaControls} Annex A controls not yet decided in the SoA");
        }

        if (document.ClauseId == "9.3")
        {
            // A review held and completed as a record: a file uploaded against 9.3 no longer makes it green.
            return inputs.CompletedManagementReviews > 0
                ? new(document.Key, document.ClauseId, document.Title, true, inputs.CompletedManagementReviews == 1
                    ? "1 management review completed in the last 12 months"
                    : $"{inputs.CompletedManagementReviews} management reviews completed in the last 12 months")
                : new(document.Key, document.ClauseId, document.Title, false, "missing: no management review completed in the last 12 months");
        }

        if (document.ClauseId is "6.1.2" or "6.1.3" or "8.2" or "8.3")
        {
            // The register is the documented result of the risk processes: files alone no longer make these green.
            var risks = inputs.Risks;
            return risks.Ready
                ? new(document.Key, document.ClauseId, document.Title, true, $"{risks.Assessed} risks assessed with owners; all {risks.AboveCriteria} above the acceptance criteria treated and accepted")
                : new(document.Key, document.ClauseId, document.Title, false, risks.Assessed == 0
                    ? "missing: no risk assessed in the risk register"
                    : $"{risks.AboveCriteria - risks.AboveCriteriaTreatedAndAccepted} of {risks.AboveCriteria} risks above the acceptance criteria not yet treated and accepted");
        }

        var files = inputs.EvidenceByClause.TryGetValue(document.ClauseId, out var count) ? count : 0;
        if (files > 0)
        {
            return new(document.Key, document.ClauseId, document.Title, true, files == 1 ? "1 evidence file" : $"{files} evidence files");
        }

        var (registered, basis) = document.ClauseId switch
        {
            "9.2" => (inputs.CompletedInternalAudits > 0, $"{inputs.CompletedInternalAudits} completed internal audits on record"),
            "10.2" => (inputs.CorrectiveActionsOnRecord > 0, $"{inputs.CorrectiveActionsOnRecord} corrective actions on record"),
            _ => (false, string.Empty),
        };
        return registered
            ? new(document.Key, document.ClauseId, document.Title, true, basis)
            : new(document.Key, document.ClauseId, document.Title, false, $"missing: no evidence linked to {document.ClauseId}");
    }
}
