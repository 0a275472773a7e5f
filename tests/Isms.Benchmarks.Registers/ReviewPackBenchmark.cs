using System.Diagnostics;
using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.CorrectiveActions;
using Isms.Core.Reviews;
using Isms.Core.Risks;
using Isms.Functions.Evidence;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Reviews;
using Isms.Functions.Risks;
using Isms.Functions.Snapshots;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

/// <summary>
/// Issue 17's bar: compiling a management-review pack over three years of history (60 audits, 500 findings, 250
/// actions, 300 risks, 36 monthly snapshots) takes at most 1.5x the time of reading the same records, in the same run.
/// </summary>
internal static class ReviewPackBenchmark
{
    public static async Task RunAsync(int runs)
    {
        var now = DateTimeOffset.UtcNow;
        var clock = new FakeTimeProvider(now.AddMonths(-36));
        await using var azurite = await AzuriteEmulator.StartAsync(dataDirectory: null);
        var options = new LocalHostOptions { Port = 0, RunTimers = false, PersistAzuriteData = false, ConfigureServices = s => s.AddSingleton<TimeProvider>(clock) };
        options.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        await using var host = await LocalFunctionsHost.StartAsync(options);
        var services = host.Services;
        var admin = Caller.ForDevelopment("isms.manager@contoso.example", new HashSet<string> { Roles.Admin });
        var audits = services.GetRequiredService<AuditRegister>();
        var findings = services.GetRequiredService<FindingRegister>();
        var actions = services.GetRequiredService<CorrectiveActionRegister>();
        var risks = services.GetRequiredService<RiskRegister>();
        var reviews = services.GetRequiredService<ReviewRegister>();
        var taker = services.GetRequiredService<SnapshotTaker>();
        var annexA = ControlCatalogue.AnnexA;
        var start = now.AddMonths(-36);

        Console.WriteLine("Seeding three years of history: 60 audits, 500 findings, 250 actions, 300 risks, 36 monthly snapshots, reviews...");
        var seeding = Stopwatch.StartNew();
        var auditIds = new List<string>();
        for (var i = 0; i < 60; i++)
        {
            var day = DateOnly.FromDateTime(start.AddDays(i * 18).UtcDateTime);
            var audit = new Audit
            {
                Id = $"AUD-HIST{i:D4}",
                Type = i % 12 == 0 ? AuditType.Surveillance : AuditType.Internal,
                Title = $"Audit {i}",
                PlannedStart = day,
                PlannedEnd = day.AddDays(2),
                LeadAuditorUpn = "auditor.a@contoso.example",
                Scope = [.. annexA.Skip(i % 80).Take(12).Select(c => c.Id)],
                Status = AuditStatus.Completed,
                ActualStart = day,
                ActualEnd = day.AddDays(2),
            };
            await audits.InsertAsync(audit, admin, default);
            auditIds.Add(audit.Id);
        }

        var actionCount = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 500), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var outside = i % 10 == 0;
            var auditId = auditIds[i % auditIds.Count];
            var raised = start.AddDays(i * 2.1);
            var finding = new Finding
            {
                Id = outside ? $"FND-HIST{i:D6}" : $"{auditId}-F{i:D6}",
                AuditId = outside ? null : auditId,
                Source = outside ? FindingSource.Incident : FindingSource.Audit,
                Reference = outside ? $"INC-{i}" : null,
                Type = outside ? FindingType.MinorNonconformity : (FindingType)(i % 4),
                ControlIds = [annexA[i % annexA.Count].Id],
                Description = $"Finding {i} with a sentence of realistic length about what the auditor saw.",
                RaisedBy = "auditor.a@contoso.example",
                RaisedAt = raised,
            };
            await findings.InsertAsync(finding, admin, ct);
            if (finding.Type is not FindingType.Observation && Interlocked.Increment(ref actionCount) <= 250)
            {
                var closed = i < 400;
                await actions.InsertAsync(new CorrectiveAction
                {
                    Id = $"CA-HIST{i:D6}",
                    Kind = finding.Type == FindingType.OpportunityForImprovement ? ActionKind.Improvement : ActionKind.Corrective,
                    FindingId = finding.Id,
                    OwnerUpn = $"owner.{i % 7}@contoso.example",
                    Correction = "Contained, with the plan agreed with the owner.",
                    RootCause = "A process gap.",
                    ActionPlan = "Fix the process.",
                    DueDate = DateOnly.FromDateTime(raised.AddDays(60).UtcDateTime),
                    Status = closed ? CorrectiveActionStatus.Closed : CorrectiveActionStatus.Open,
                    CreatedAt = raised,
                    ClosedAt = closed ? raised.AddDays(50) : null,
                }, admin, ct);
            }
        });

        var rules = services.GetRequiredService<RiskRules>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            var likelihood = (i % 5) + 1;
            var impact = ((i / 5) % 5) + 1;
            await risks.InsertAsync(new Risk
            {
                Id = $"RISK-HIST{i:D4}",
                Title = $"Risk {i}",
                Asset = $"Asset {i % 40}",
                Threat = "Threat",
                Vulnerability = "Vulnerability",
                OwnerUpn = $"owner.{i % 7}@contoso.example",
                Likelihood = likelihood,
                Impact = impact,
                ReviewDate = DateOnly.FromDateTime(now.AddDays((i % 400) - 100).UtcDateTime),
                Treatment = new RiskTreatment(RiskTreatmentOption.Modify, [annexA[i % annexA.Count].Id], Math.Max(1, likelihood - 2), impact),
                CreatedAt = start.AddDays(i * 3),
            }, admin, ct);
        });

        // 36 monthly snapshots, sealed as the timer would, each at its month's instant.
        for (var month = 0; month < 36; month++)
        {
            clock.SetUtcNow(start.AddMonths(month + 1));
            await taker.TakeAsync("isms.manager@contoso.example", "Scheduled", default);
        }

        clock.SetUtcNow(now);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        for (var year = 3; year >= 1; year--)
        {
            var held = today.AddYears(-year).AddDays(1);
            await reviews.InsertAsync(new ManagementReview
            {
                Id = $"MR-HIST{year}",
                PlannedDate = held,
                HeldOn = held,
                Status = ReviewStatus.Completed,
                Attendees = [new("ceo@contoso.example", true)],
                Minutes = "Reviewed.",
                Decisions = [new(DecisionKind.Improvement, "Keep improving.")],
                CreatedAt = now.AddYears(-year),
                CreatedBy = admin.Upn,
                CompletedAt = now.AddYears(-year),
                CompletedBy = admin.Upn,
            }, admin, default);
        }

        var review = new ManagementReview { Id = "MR-NOW", PlannedDate = today, CreatedAt = now, CreatedBy = admin.Upn };
        await reviews.InsertAsync(review, admin, default);
        Console.WriteLine($"Seeded in {seeding.Elapsed.TotalSeconds:F1} s.");

        var service = services.GetRequiredService<ManagementReviewService>();
        var snapshots = services.GetRequiredService<SnapshotStore>();
        var freshness = services.GetRequiredService<EvidenceFreshnessReport>();

        // The baseline: the same records read, nothing compiled.
        async Task<int> ReadAsync()
        {
            var all = await reviews.ListAsync(default);
            var f = findings.ListAsync(null, null, default);
            var a = audits.ListAsync(null, null, null, null, default);
            var s = snapshots.ListAsync(default);
            var e = freshness.AssessAsync(default);
            var r = risks.ListAsync(default);
            var count = all.Count;
            await foreach (var action in actions.OpenAsync(default))
            {
                count++;
            }

            await foreach (var action in actions.ClosedAsync(default))
            {
                count++;
            }

            return count + (await f).Count + (await a).Count + (await s).Count + (await e).Count + (await r).Count;
        }

        await ReadAsync();
        var warm = await service.PackAsync(review.Id, default);
        Console.WriteLine($"Pack {warm.Value.From:yyyy-MM-dd} to {warm.Value.To:yyyy-MM-dd}: {warm.Value.Nonconformities.Open.Count} open nonconformities, {warm.Value.Monitoring.Trend.Count} snapshots in the trend, {warm.Value.Risks.Assessed} risks, {warm.Value.AuditResults.Completed} audits.");

        var reads = new List<double>();
        var packs = new List<double>();
        var ratios = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var read = Stopwatch.StartNew();
            var records = await ReadAsync();
            read.Stop();
            var pack = Stopwatch.StartNew();
            var compiled = await service.PackAsync(review.Id, default);
            pack.Stop();
            if (!compiled.IsSuccess)
            {
                throw new InvalidOperationException(compiled.Refusal.Message);
            }

            reads.Add(read.Elapsed.TotalMilliseconds);
            packs.Add(pack.Elapsed.TotalMilliseconds);
            ratios.Add(pack.Elapsed.TotalMilliseconds / read.Elapsed.TotalMilliseconds);
            Console.WriteLine($"run {run + 1}: read {records} records {read.Elapsed.TotalMilliseconds:F0} ms, compile the pack {pack.Elapsed.TotalMilliseconds:F0} ms, ratio {ratios[^1]:F2}");
        }

        Console.WriteLine($"median: read {Stats.Median(reads):F0} ms, pack {Stats.Median(packs):F0} ms, pack/read {Stats.Median(ratios):F2} (bar 1.5)");
    }
}
