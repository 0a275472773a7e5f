using System.Diagnostics;
using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.CorrectiveActions;
using Isms.Core.Programme;
using Isms.Functions.Platform;
using Isms.Functions.Programme;
using Isms.Functions.Registers;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

/// <summary>
/// Issue 4's bar: planning a cycle for the full catalogue with three years of history (60 past audits, 500 findings
/// and their actions) takes under 2x the time of reading that history from Table Storage, in the same run.
/// </summary>
internal static class ProgrammeBenchmark
{
    public static async Task RunAsync(int runs)
    {
        await using var azurite = await AzuriteEmulator.StartAsync(dataDirectory: null);
        var options = new LocalHostOptions { Port = 0, RunTimers = false, PersistAzuriteData = false };
        options.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        options.Settings["AuditProgramme:InternalAuditors"] = "auditor.a@contoso.example,auditor.b@contoso.example,auditor.c@contoso.example";
        await using var host = await LocalFunctionsHost.StartAsync(options);
        var services = host.Services;
        var admin = Caller.ForDevelopment("isms.manager@contoso.example", new HashSet<string> { Roles.Admin });
        var audits = services.GetRequiredService<AuditRegister>();
        var findings = services.GetRequiredService<FindingRegister>();
        var actions = services.GetRequiredService<CorrectiveActionRegister>();
        var soa = services.GetRequiredService<SoaRegister>();
        var store = services.GetRequiredService<Isms.Functions.Storage.RecordStore>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var decision = today.AddYears(-3).AddDays(30);

        Console.WriteLine("Seeding three years of history: certification, SoA owners, 60 audits, 500 findings with actions...");
        var seeding = Stopwatch.StartNew();
        await store.InsertAsync(ProgrammeStateReader.CertificationKey, new CertificationRecord("Example CB", decision, decision.AddYears(3).AddDays(-1), "All services"), admin, null, default);
        var annexA = ControlCatalogue.AnnexA;
        for (var i = 0; i < annexA.Count; i += 3)
        {
            var entry = new SoaEntry(annexA[i].Id) { ImplementationStatus = ImplementationStatus.Implemented, OwnerUpn = $"owner.{i % 7}@contoso.example", RiskRating = i % 9 == 0 ? RiskRating.High : RiskRating.Medium };
            await soa.SaveAsync(await soa.GetAsync(entry.ControlId, default), entry, admin, default);
        }

        var auditIds = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var start = decision.AddDays(i * 17);
            var audit = new Audit
            {
                Id = $"AUD-HIST{i:D4}",
                Type = i % 12 == 0 ? AuditType.Surveillance : AuditType.Internal,
                Title = $"Audit {i}",
                PlannedStart = start,
                PlannedEnd = start.AddDays(2),
                LeadAuditorUpn = "auditor.a@contoso.example",
                Scope = [.. annexA.Skip(i % 80).Take(12).Select(c => c.Id)],
                Status = AuditStatus.Completed,
                ActualStart = start,
                ActualEnd = start.AddDays(2),
            };
            await audits.InsertAsync(audit, admin, default);
            auditIds.Add(audit.Id);
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, 500), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var auditId = auditIds[i % auditIds.Count];
            var finding = new Finding
            {
                Id = $"{auditId}-F{i:D6}",
                AuditId = auditId,
                Type = (FindingType)(i % 4),
                ControlIds = [annexA[i % annexA.Count].Id],
                Description = $"Finding {i}",
                RaisedBy = "auditor.a@contoso.example",
                RaisedAt = DateTimeOffset.UtcNow.AddDays(-1000 + (i * 2)),
            };
            await findings.InsertAsync(finding, admin, ct);
            if (finding.Type is FindingType.MajorNonconformity or FindingType.MinorNonconformity)
            {
                await actions.InsertAsync(new CorrectiveAction
                {
                    Id = $"CA-HIST{i:D6}",
                    FindingId = finding.Id,
                    OwnerUpn = $"owner.{i % 7}@contoso.example",
                    Correction = "Contained.",
                    DueDate = today.AddDays((i % 60) - 30),
                    CreatedAt = finding.RaisedAt,
                }, admin, ct);
            }
        });
        Console.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:F1} s.");

        var reader = services.GetRequiredService<ProgrammeStateReader>();
        var planner = new AuditProgrammePlanner(services.GetRequiredService<Isms.Core.Time.OrganisationClock>(), services.GetRequiredService<IOptions<AuditProgrammeOptions>>().Value);
        var (warm, _) = await reader.ReadAsync(default);
        planner.Plan(warm);

        var reads = new List<double>();
        var plans = new List<double>();
        var ratios = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var read = Stopwatch.StartNew();
            var (state, _) = await reader.ReadAsync(default);
            read.Stop();
            var plan = Stopwatch.StartNew();
            var planned = planner.Plan(state);
            plan.Stop();
            reads.Add(read.Elapsed.TotalMilliseconds);
            plans.Add(plan.Elapsed.TotalMilliseconds);
            ratios.Add(plan.Elapsed.TotalMilliseconds / read.Elapsed.TotalMilliseconds);
            Console.WriteLine($"run {run + 1}: read history {read.Elapsed.TotalMilliseconds:F0} ms ({state.Audits.Count} audits, {state.Findings.Count} findings, {state.CorrectiveActions.Count} actions), plan {plan.Elapsed.TotalMilliseconds:F0} ms ({planned.Audits.Count} audits, {planned.Coverage.Count} coverage rows), ratio {ratios[^1]:F2}");
        }

        Console.WriteLine($"median: read {Stats.Median(reads):F0} ms, plan {Stats.Median(plans):F0} ms, plan/read {Stats.Median(ratios):F2} (target < 2)");
    }
}
