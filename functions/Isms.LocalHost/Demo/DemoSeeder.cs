using Isms.Functions.Platform;
using Isms.Functions.Programme;
using Isms.Functions.Registers;
using Isms.Functions.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Isms.LocalHost.Demo;

/// <summary>Writes the demo organisation through the app's own registers; what exists already is left as it is.</summary>
public sealed class DemoSeeder(IServiceProvider services)
{
    private static readonly Caller Seeder = Caller.ForDevelopment(DemoOrganisation.IsmsManager, new HashSet<string> { Roles.Admin });

    /// <summary>Seeds and answers how many records were new (0 on a second run).</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        var time = services.GetRequiredService<TimeProvider>();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var store = services.GetRequiredService<RecordStore>();
        var soa = services.GetRequiredService<SoaRegister>();
        var audits = services.GetRequiredService<AuditRegister>();
        var findings = services.GetRequiredService<FindingRegister>();
        var actions = services.GetRequiredService<CorrectiveActionRegister>();
        var added = 0;

        added += await Once(() => store.InsertAsync(ProgrammeStateReader.CertificationKey, DemoOrganisation.Certification(today), Seeder, null, cancellationToken)).ConfigureAwait(false);
        foreach (var entry in DemoOrganisation.Soa())
        {
            var current = await soa.GetAsync(entry.ControlId, cancellationToken).ConfigureAwait(false);
            if (current.ETag == SoaRegister.Unsaved)
            {
                added += await Once(() => soa.SaveAsync(current, entry, Seeder, cancellationToken)).ConfigureAwait(false);
            }
        }

        foreach (var audit in DemoOrganisation.Audits(today))
        {
            if (await audits.GetAsync(audit.Id, cancellationToken).ConfigureAwait(false) is null)
            {
                added += await Once(() => audits.InsertAsync(audit, Seeder, cancellationToken)).ConfigureAwait(false);
            }
        }

        foreach (var finding in DemoOrganisation.Findings(today))
        {
            if (await findings.GetAsync(finding.Id, cancellationToken).ConfigureAwait(false) is null)
            {
                added += await Once(() => findings.InsertAsync(finding, Seeder, cancellationToken)).ConfigureAwait(false);
            }
        }

        foreach (var action in DemoOrganisation.Actions(today))
        {
            if (await actions.GetAsync(action.Id, cancellationToken).ConfigureAwait(false) is null)
            {
                added += await Once(() => actions.InsertAsync(action, Seeder, cancellationToken)).ConfigureAwait(false);
            }
        }

        var risks = services.GetRequiredService<Isms.Functions.Risks.RiskRegister>();
        foreach (var risk in DemoOrganisation.Risks(today))
        {
            if (await risks.GetAsync(risk.Id, cancellationToken).ConfigureAwait(false) is null)
            {
                added += await Once(() => risks.InsertAsync(risk, Seeder, cancellationToken)).ConfigureAwait(false);
            }
        }

        foreach (var action in DemoOrganisation.TreatmentActions(today))
        {
            if (await actions.GetAsync(action.Id, cancellationToken).ConfigureAwait(false) is null)
            {
                added += await Once(() => actions.InsertAsync(action, Seeder, cancellationToken)).ConfigureAwait(false);
            }
        }

        var reviews = services.GetRequiredService<Isms.Functions.Reviews.ReviewRegister>();
        foreach (var review in DemoOrganisation.ManagementReviews(today))
        {
            if (await reviews.GetAsync(review.Id, cancellationToken).ConfigureAwait(false) is null)
            {
                added += await Once(() => reviews.InsertAsync(review, Seeder, cancellationToken)).ConfigureAwait(false);
            }
        }

        foreach (var action in DemoOrganisation.OtherActions(today))
        {
            if (await actions.GetAsync(action.Id, cancellationToken).ConfigureAwait(false) is null)
            {
                added += await Once(() => actions.InsertAsync(action, Seeder, cancellationToken)).ConfigureAwait(false);
            }
        }

        var gaps = services.GetRequiredService<Isms.Functions.GapAnalysis.GapRegister>();
        foreach (var item in DemoOrganisation.GapAnalysis(today))
        {
            var current = await gaps.GetAsync(item.RequirementId, cancellationToken).ConfigureAwait(false);
            if (current.ETag == RecordStore.Unsaved)
            {
                added += await Once(() => gaps.SaveAsync(current, item, Seeder, cancellationToken)).ConfigureAwait(false);
            }
        }

        return added;
    }

    private static async Task<int> Once<T>(Func<Task<T>> insert)
    {
        try
        {
            await insert().ConfigureAwait(false);
            return 1;
        }
        catch (DuplicateRecordException)
        {
            return 0;
        }
    }
}
