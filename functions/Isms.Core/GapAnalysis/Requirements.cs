namespace Isms.Core.GapAnalysis;

/// <summary>One requirement ("shall") of ISO/IEC 27001:2022 clauses 4 to 10, in the app's own words.</summary>
/// <param name="Id">Stable id: the clause and the requirement's number within it (<c>6.1.2-3</c>).</param>
/// <param name="Clause">The (sub-)clause it belongs to (<c>6.1.2</c>).</param>
/// <param name="Text">What an organisation does to meet it, paraphrased (the standard's text is not reproduced).</param>
public sealed record Requirement(string Id, string Clause, string Text)
{
    /// <summary>The top-level clause, 4 to 10, that the gap report groups by.</summary>
    public int MainClause => int.Parse(Clause.AsSpan(0, Clause.IndexOf('.', StringComparison.Ordinal) is var dot and > 0 ? dot : Clause.Length), System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The requirements of the management-system clauses (4 to 10) as data, one item per requirement, so a gap
/// analysis can assess each. Paraphrased: read the standard itself for the exact wording an auditor applies.
/// </summary>
public static class RequirementCatalogue
{
    /// <summary>The names of clauses 4 to 10.</summary>
    public static IReadOnlyDictionary<int, string> ClauseNames { get; } = new Dictionary<int, string>
    {
        [4] = "Context of the organization",
        [5] = "Leadership",
        [6] = "Planning",
        [7] = "Support",
        [8] = "Operation",
        [9] = "Performance evaluation",
        [10] = "Improvement",
    };

    public static IReadOnlyList<Requirement> All { get; } = Build(
        ("4.1", "The external and internal issues that bear on the ISMS's purpose and intended outcomes are determined."),
        ("4.2", "The interested parties relevant to the ISMS are determined."),
        ("4.2", "Their information-security requirements are determined."),
        ("4.2", "It is decided which of those requirements the ISMS addresses."),
        ("4.3", "The ISMS's boundaries and applicability are set, considering the issues, the requirements and the interfaces and dependencies with others."),
        ("4.3", "The scope is available as documented information."),
        ("4.4", "The ISMS, its processes and their interactions are established, implemented, maintained and continually improved."),
        ("5.1", "Top management ensures the policy and objectives exist and fit the organisation's strategic direction."),
        ("5.1", "Top management integrates the ISMS into the organisation's processes and makes its resources available."),
        ("5.1", "Top management communicates why effective information security and conformity to the ISMS matter."),
        ("5.1", "Top management directs and supports people to make the ISMS effective, promotes continual improvement and supports other managers in their areas."),
        ("5.2", "Top management has set an information security policy fit for the organisation's purpose, giving or framing objectives, with commitments to meet applicable requirements and to improve continually."),
        ("5.2", "The policy is documented, communicated within the organisation and available to interested parties as appropriate."),
        ("5.3", "Responsibilities and authorities for information-security roles are assigned and communicated."),
        ("5.3", "Someone is responsible for the ISMS's conformity and for reporting its performance to top management."),
        ("6.1.1", "The risks and opportunities to address, given the issues and requirements, are determined so the ISMS achieves its outcomes, prevents or reduces undesired effects and improves."),
        ("6.1.1", "Actions to address them are planned, integrated into the ISMS processes, and their effectiveness evaluated."),
        ("6.1.2", "Risk criteria are set and kept: criteria for accepting risk and for performing assessments."),
        ("6.1.2", "Repeated risk assessments give consistent, valid and comparable results."),
        ("6.1.2", "Risks to the confidentiality, integrity and availability of information in scope are identified, each with a risk owner."),
        ("6.1.2", "Risks are analysed: potential consequences, realistic likelihood and the resulting level of risk."),
        ("6.1.2", "Risks are evaluated against the criteria and prioritised for treatment."),
        ("6.1.2", "Documented information on the risk assessment process is retained."),
        ("6.1.3", "Risk treatment options are selected in view of the assessment results."),
        ("6.1.3", "The controls needed to implement the chosen options are determined."),
        ("6.1.3", "The chosen controls are compared with Annex A so that no necessary control is omitted."),
        ("6.1.3", "A Statement of Applicability names the necessary controls, why each is included, whether it is implemented, and why any Annex A control is excluded."),
        ("6.1.3", "A risk treatment plan is formulated."),
        ("6.1.3", "Risk owners approve the treatment plan and accept the residual risks."),
        ("6.1.3", "Documented information on the risk treatment process is retained."),
        ("6.2", "Information security objectives are set at relevant functions and levels: consistent with the policy, measurable where practicable, monitored, communicated and updated."),
        ("6.2", "The objectives are available as documented information."),
        ("6.2", "Plans say what will be done, with what resources, by whom, by when and how results will be evaluated."),
        ("6.3", "Changes to the ISMS are carried out in a planned manner."),
        ("7.1", "The resources the ISMS needs are determined and provided."),
        ("7.2", "The competence needed by people whose work affects information security is determined."),
        ("7.2", "Those people are competent through education, training or experience."),
        ("7.2", "Where needed, actions are taken to acquire competence and their effectiveness is evaluated."),
        ("7.2", "Documented evidence of competence is retained."),
        ("7.3", "People working for the organisation are aware of the policy, their contribution to the ISMS and what not conforming implies."),
        ("7.4", "Internal and external communication relevant to the ISMS is determined: what, when, with whom and how."),
        ("7.5.1", "The ISMS includes the documented information the standard requires and that the organisation finds necessary."),
        ("7.5.2", "Documented information is identified, in a suitable format and medium, and reviewed and approved for suitability."),
        ("7.5.3", "Documented information is available where and when needed and adequately protected."),
        ("7.5.3", "Its distribution, access, storage, preservation, change control, retention and disposition are controlled."),
        ("7.5.3", "Documented information of external origin needed for the ISMS is identified and controlled."),
        ("8.1", "The processes needed to meet the requirements and carry out the planned actions are planned, implemented and controlled against criteria."),
        ("8.1", "Documented information shows the processes were carried out as planned."),
        ("8.1", "Planned changes are controlled and the consequences of unintended changes reviewed."),
        ("8.1", "Externally provided processes, products and services relevant to the ISMS are controlled."),
        ("8.2", "Risk assessments are performed at planned intervals and when significant changes are proposed or occur."),
        ("8.2", "Documented information of the risk assessment results is retained."),
        ("8.3", "The risk treatment plan is implemented."),
        ("8.3", "Documented information of the risk treatment results is retained."),
        ("9.1", "What is monitored and measured, how, when, by whom, and when results are analysed and evaluated is determined."),
        ("9.1", "Documented information is available as evidence of the monitoring and measurement results."),
        ("9.1", "Information security performance and the ISMS's effectiveness are evaluated."),
        ("9.2.1", "Internal audits at planned intervals show whether the ISMS conforms to the organisation's and the standard's requirements and is effectively implemented and maintained."),
        ("9.2.2", "An audit programme is planned and maintained: frequency, methods, responsibilities, planning and reporting, in view of the processes' importance and previous results."),
        ("9.2.2", "Each audit has defined criteria and scope."),
        ("9.2.2", "Auditors are selected and audits conducted so the process is objective and impartial."),
        ("9.2.2", "Audit results are reported to relevant management."),
        ("9.2.2", "Documented information is available as evidence of the programme and the audit results."),
        ("9.3.1", "Top management reviews the ISMS at planned intervals for its continuing suitability, adequacy and effectiveness."),
        ("9.3.2", "The review considers the required inputs: previous actions, changes in issues and in interested parties' needs, performance feedback, interested parties' feedback, risk assessment and treatment, and opportunities for improvement."),
        ("9.3.3", "The review's results include decisions on continual improvement and any need for changes to the ISMS."),
        ("9.3.3", "Documented information is available as evidence of the review's results."),
        ("10.1", "The suitability, adequacy and effectiveness of the ISMS are continually improved."),
        ("10.2", "When a nonconformity occurs, it is reacted to: controlled, corrected and its consequences dealt with."),
        ("10.2", "The need to eliminate its causes is evaluated: reviewing it, determining its causes and whether similar ones exist or could occur."),
        ("10.2", "The actions needed are implemented."),
        ("10.2", "The effectiveness of corrective actions is reviewed."),
        ("10.2", "Changes are made to the ISMS where necessary."),
        ("10.2", "Documented information shows the nature of nonconformities, the actions taken and their results."));

    private static readonly Dictionary<string, Requirement> ById = All.ToDictionary(r => r.Id, StringComparer.OrdinalIgnoreCase);

    /// <summary>The requirement with this id (case-insensitive), or false.</summary>
    public static bool TryGet(string? id, out Requirement requirement)
    {
        requirement = null!;
        return id is not null && ById.TryGetValue(id, out requirement!);
    }

    private static List<Requirement> Build(params (string Clause, string Text)[] items)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var all = new List<Requirement>(items.Length);
        foreach (var (clause, text) in items)
        {
            counts[clause] = counts.GetValueOrDefault(clause) + 1;
            all.Add(new Requirement($"{clause}-{counts[clause]}", clause, text));
        }

        return all;
    }
}
