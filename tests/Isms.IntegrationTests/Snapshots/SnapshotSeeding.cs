using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Isms.Core.Audits;
using Isms.Core.Controls;
using Isms.Core.CorrectiveActions;
using Isms.Functions.Platform;
using Isms.Functions.Registers;
using Isms.Functions.Snapshots;
using Isms.Functions.Storage;
using Isms.IntegrationTests.Infrastructure;
using Isms.LocalHost;
using Microsoft.Extensions.DependencyInjection;

namespace Isms.IntegrationTests.Snapshots;

/// <summary>What <see cref="SnapshotSeeding.IsmsAsync"/> put in.</summary>
public sealed record SeededIsms(Audit Audit, Finding Major, Finding Minor, Finding ClosedMinor, CorrectiveAction Overdue, CorrectiveAction OnTime, CorrectiveAction Closed, IReadOnlyList<SeededEvidence> LatestEvidence);

/// <summary>One evidence file as seeded: what the manifest must list for it.</summary>
public sealed record SeededEvidence(string Id, int Version, string[] ControlIds, DateOnly EffectiveDate, string FileName, byte[] Bytes, string BlobName)
{
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Bytes));
}

/// <summary>
/// The one place snapshot tests put data in. Registers are written through the registers' own classes (so dates in
/// the past can be seeded exactly). Evidence is written in exactly the shape the evidence feature stores it
/// (branch <c>evidence</c>: table Evidence, PartitionKey = id, RowKey "evidence", the record as camelCase JSON in
/// column Json with RetainUntil/LegalHold columns, index rows in EvidenceIndex, blobs "{id}/{guid}" in the evidence
/// container with sha256 metadata).
/// MERGE: once the evidence API is on main, <see cref="EvidenceAsync"/> can POST /api/evidence (and
/// /api/evidence/{id}/versions) instead; everything else here stays.
/// </summary>
public static class SnapshotSeeding
{
    public static readonly Caller Admin = Caller.ForDevelopment(ApiClient.Admin, new HashSet<string> { Roles.Admin });

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static async Task<SeededEvidence> EvidenceAsync(LocalFunctionsHost host, string id, string[] controlIds, params (DateOnly EffectiveDate, string FileName)[] versions)
    {
        var files = versions.Select((v, i) => new SeededEvidence(
            id, i + 1, controlIds, v.EffectiveDate, v.FileName,
            Encoding.UTF8.GetBytes($"%PDF-1.7\n{id} version {i + 1} for {string.Join(",", controlIds)} {Guid.NewGuid()}\n"),
            $"{id}/{Guid.NewGuid():N}"));
        return await EvidenceAsync(host, [.. files], DateTimeOffset.UtcNow);
    }

    /// <summary>Stores one evidence record with exactly these files (its versions, oldest first); returns the last.</summary>
    public static async Task<SeededEvidence> EvidenceAsync(LocalFunctionsHost host, IReadOnlyList<SeededEvidence> files, DateTimeOffset uploadedAt)
    {
        var storage = host.Services.GetRequiredService<IsmsStorage>();
        var container = await storage.ContainerAsync(host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<StorageOptions>>().Value.EvidenceContainer, CancellationToken.None);
        var stored = new List<object>();
        foreach (var seeded in files)
        {
            await container.GetBlobClient(seeded.BlobName).UploadAsync(
                new BinaryData(seeded.Bytes),
                new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/pdf" },
                    Metadata = new Dictionary<string, string> { ["sha256"] = seeded.Sha256 },
                });
            stored.Add(new
            {
                version = seeded.Version,
                blobName = seeded.BlobName,
                sha256 = seeded.Sha256,
                size = (long)seeded.Bytes.Length,
                contentType = "application/pdf",
                fileName = seeded.FileName,
                effectiveDate = seeded.EffectiveDate,
                description = "Seeded for a snapshot test",
                uploadedBy = "control.owner@contoso.example",
                uploadedAt,
            });
        }

        var id = files[0].Id;
        var controlIds = files[0].ControlIds;
        var latest = files.Max(v => v.EffectiveDate);
        var record = new { id, controlIds, retentionYears = 3, legalHold = false, versions = stored };
        var table = await storage.TableAsync(TableEvidenceCatalog.EvidenceTable, CancellationToken.None);
        await table.AddEntityAsync(new TableEntity(id, TableEvidenceCatalog.RecordRow)
        {
            ["Json"] = JsonSerializer.Serialize(record, IsmsJson.Options),
            ["RetainUntil"] = latest.AddYears(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["LegalHold"] = false,
        });
        var index = await storage.TableAsync(TableNames.EvidenceIndex, CancellationToken.None);
        foreach (var control in controlIds)
        {
            await index.UpsertEntityAsync(new TableEntity("control|" + control, id) { ["EffectiveDate"] = latest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });
        }

        return files[^1];
    }

    public static async Task ControlAsync(LocalFunctionsHost host, string controlId, ImplementationStatus status, string? owner = null, bool applicable = true, string? justification = null)
    {
        var soa = host.Services.GetRequiredService<SoaRegister>();
        var before = await soa.GetAsync(controlId, CancellationToken.None);
        await soa.SaveAsync(before, new SoaEntry(controlId) { ImplementationStatus = status, OwnerUpn = owner, Applicable = applicable, Justification = justification }, Admin, CancellationToken.None);
    }

    public static Task<Audit> AuditAsync(LocalFunctionsHost host, string id, AuditType type, string title, int startInDays, AuditStatus status = AuditStatus.Planned) =>
        AuditAsync(host, new Audit
        {
            Id = id,
            Type = type,
            Title = title,
            PlannedStart = Today.AddDays(startInDays),
            PlannedEnd = Today.AddDays(startInDays + 2),
            LeadAuditorUpn = "lead.auditor@contoso.example",
            Scope = ["A.5.15"],
            Status = status,
        });

    public static async Task<Audit> AuditAsync(LocalFunctionsHost host, Audit audit)
    {
        await host.Services.GetRequiredService<AuditRegister>().InsertAsync(audit, Admin, CancellationToken.None);
        return audit;
    }

    public static Task<Finding> FindingAsync(LocalFunctionsHost host, string auditId, string suffix, FindingType type, string description, int raisedDaysAgo) =>
        FindingAsync(host, new Finding
        {
            Id = $"{auditId}-F{suffix}",
            AuditId = auditId,
            Type = type,
            ControlIds = ["A.5.18"],
            Description = description,
            RaisedBy = "lead.auditor@contoso.example",
            RaisedAt = DateTimeOffset.UtcNow.AddDays(-raisedDaysAgo),
        });

    public static async Task<Finding> FindingAsync(LocalFunctionsHost host, Finding finding)
    {
        await host.Services.GetRequiredService<FindingRegister>().InsertAsync(finding, Admin, CancellationToken.None);
        return finding;
    }

    public static Task<CorrectiveAction> ActionAsync(LocalFunctionsHost host, string id, string findingId, int dueInDays, int createdDaysAgo, bool closedDaysAgo = false, int closedAgo = 0) =>
        ActionAsync(host, new CorrectiveAction
        {
            Id = id,
            FindingId = findingId,
            OwnerUpn = "action.owner@contoso.example",
            Correction = "Contained at once.",
            RootCause = closedDaysAgo ? "Process gap." : null,
            ActionPlan = closedDaysAgo ? "Fix the process." : null,
            DueDate = Today.AddDays(dueInDays),
            CreatedAt = DateTimeOffset.UtcNow.AddDays(-createdDaysAgo),
            Status = closedDaysAgo ? CorrectiveActionStatus.Closed : CorrectiveActionStatus.Open,
            ClosedAt = closedDaysAgo ? DateTimeOffset.UtcNow.AddDays(-closedAgo) : null,
        });

    public static async Task<CorrectiveAction> ActionAsync(LocalFunctionsHost host, CorrectiveAction action)
    {
        await host.Services.GetRequiredService<CorrectiveActionRegister>().InsertAsync(action, Admin, CancellationToken.None);
        return action;
    }

    /// <summary>Text planted in titles and descriptions to prove the report escapes it.</summary>
    public const string Injection = "<script>alert('x')</script><img src=x onerror=alert(1)>";

    /// <summary>
    /// A small ISMS whose figures are known: 2 of 92 applicable Annex A controls implemented (A.7.4 excluded);
    /// a major and a minor nonconformity open, a minor closed 5 days ago, an observation; two open actions (one
    /// 10 days overdue and 100 days old) and one closed; evidence fresh for A.5.1 and 5.2, stale for A.5.2.
    /// </summary>
    public static async Task<SeededIsms> IsmsAsync(LocalFunctionsHost host)
    {
        await ControlAsync(host, "A.5.1", ImplementationStatus.Implemented, "policy.owner@contoso.example");
        await ControlAsync(host, "A.8.8", ImplementationStatus.Implemented, "vuln.owner@contoso.example");
        await ControlAsync(host, "A.5.2", ImplementationStatus.Partial, "roles.owner@contoso.example");
        await ControlAsync(host, "A.7.4", ImplementationStatus.NotStarted, applicable: false, justification: "No physical premises " + Injection);
        var audit = await AuditAsync(host, "AUD-SNAPSEED01", AuditType.Internal, "Internal audit " + Injection, -20, AuditStatus.Completed);
        var major = await FindingAsync(host, audit.Id, "MAJ001", FindingType.MajorNonconformity, "Leavers keep access " + Injection, 19);
        var minor = await FindingAsync(host, audit.Id, "MIN001", FindingType.MinorNonconformity, "Access reviews late", 19);
        var closedMinor = await FindingAsync(host, audit.Id, "MIN002", FindingType.MinorNonconformity, "Visitor log incomplete", 19);
        await FindingAsync(host, audit.Id, "OBS001", FindingType.Observation, "Could automate reviews", 19);
        var overdue = await ActionAsync(host, "CA-SNAPSEED01", major.Id, dueInDays: -10, createdDaysAgo: 100);
        var onTime = await ActionAsync(host, "CA-SNAPSEED02", minor.Id, dueInDays: 20, createdDaysAgo: 15);
        var closed = await ActionAsync(host, "CA-SNAPSEED03", closedMinor.Id, dueInDays: 30, createdDaysAgo: 18, closedDaysAgo: true, closedAgo: 5);
        var policyV1 = await EvidenceAsync(host, "EV-SNAPSEED01", ["A.5.1"], (Today.AddDays(-400), "policy-2024.pdf"), (Today.AddDays(-10), "policy " + Injection + ".pdf"));
        var stale = await EvidenceAsync(host, "EV-SNAPSEED02", ["A.5.2"], (Today.AddDays(-400), "roles.pdf"));
        var clause = await EvidenceAsync(host, "EV-SNAPSEED03", ["5.2"], (Today.AddDays(-30), "information-security-policy.pdf"));
        return new SeededIsms(audit, major, minor, closedMinor, overdue, onTime, closed, [policyV1, stale, clause]);
    }

    /// <summary>Overwrites a blob in place, as an attacker with storage access would (Azurite has no immutability policy).</summary>
    public static async Task TamperAsync(LocalFunctionsHost host, string container, string blobName, byte[] bytes)
    {
        var storage = host.Services.GetRequiredService<IsmsStorage>();
        var client = await storage.ContainerAsync(container, CancellationToken.None);
        await client.GetBlobClient(blobName).UploadAsync(new BinaryData(bytes), overwrite: true);
    }
}
