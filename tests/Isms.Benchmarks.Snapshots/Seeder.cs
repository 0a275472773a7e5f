using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Isms.Core.CorrectiveActions;
using Isms.Functions.Platform;
using Isms.Functions.Snapshots;
using Isms.Functions.Storage;

namespace Isms.Benchmarks.Snapshots;

/// <summary>
/// Writes rows in exactly the shapes the app stores: evidence as the evidence feature's records (one partition per
/// record, JSON in column Json, as TableEvidenceCatalog reads it) and corrective actions as RecordStore rows of
/// CorrectiveActionRegister (partition open|owner, JSON plus query columns), in batches where partitions allow.
/// No evidence blobs are written: sealing a snapshot reads rows only.
/// </summary>
public static class Seeder
{
    public static async Task SeedAsync(string connectionString, int evidence, int actions)
    {
        var service = new TableServiceClient(connectionString);
        var evidenceTable = service.GetTableClient(TableEvidenceCatalog.EvidenceTable);
        var actionTable = service.GetTableClient(TableNames.CorrectiveActions);
        await evidenceTable.CreateIfNotExistsAsync();
        await actionTable.CreateIfNotExistsAsync();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        await Parallel.ForEachAsync(Enumerable.Range(0, evidence), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"EV-BENCH{i:D7}");
            var effective = today.AddDays(-(i % 500));
            var record = new
            {
                id,
                controlIds = new[] { Control(i), Control(i + 7) },
                retentionYears = 3,
                legalHold = false,
                versions = new[]
                {
                    new
                    {
                        version = 1,
                        blobName = $"{id}/{Guid.NewGuid():N}",
                        sha256 = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(id))),
                        size = 120_000L + i,
                        contentType = "application/pdf",
                        fileName = $"evidence-{i}.pdf",
                        effectiveDate = effective,
                        description = "Quarterly access review export, signed off by the control owner.",
                        uploadedBy = "control.owner@contoso.example",
                        uploadedAt = DateTimeOffset.UtcNow,
                    },
                },
            };
            await evidenceTable.AddEntityAsync(
                new TableEntity(id, TableEvidenceCatalog.RecordRow)
                {
                    ["Json"] = JsonSerializer.Serialize(record, IsmsJson.Options),
                    ["RetainUntil"] = effective.AddYears(3).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["LegalHold"] = false,
                },
                ct);
        });

        const int Owners = 100;
        var batches = Enumerable.Range(0, actions).GroupBy(i => i % Owners).SelectMany(owner => owner.Chunk(100).Select(chunk => (Owner: owner.Key, Items: chunk)));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (batch, ct) =>
        {
            var owner = $"owner{batch.Owner:D3}@contoso.example";
            var entities = batch.Items.Select(i =>
            {
                var action = new CorrectiveAction
                {
                    Id = string.Create(CultureInfo.InvariantCulture, $"CA-BENCH{i:D6}"),
                    FindingId = string.Create(CultureInfo.InvariantCulture, $"AUD-BENCH{i % 50:D2}-F{i % 400:D6}"),
                    OwnerUpn = owner,
                    Correction = "Disabled the accounts at once and reviewed the remaining leavers by hand.",
                    RootCause = "The leaver process depends on a manual ticket.",
                    ActionPlan = "Automate the leaver workflow from HR data.",
                    DueDate = today.AddDays((i % 120) - 30),
                    CreatedAt = DateTimeOffset.UtcNow.AddDays(-(i % 200)),
                };
                return new TableTransactionAction(TableTransactionActionType.Add, new TableEntity("open|" + owner, action.Id)
                {
                    ["Json"] = JsonSerializer.Serialize(action, IsmsJson.Options),
                    ["Status"] = action.Status.ToString(),
                    ["DueDate"] = action.DueDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    ["FindingId"] = action.FindingId,
                    ["OwnerUpn"] = action.OwnerUpn,
                });
            }).ToList();
            await actionTable.SubmitTransactionAsync(entities, ct);
        });
    }

    private static string Control(int i) => (i % 4) switch
    {
        0 => $"A.5.{(i % 37) + 1}",
        1 => $"A.6.{(i % 8) + 1}",
        2 => $"A.7.{(i % 14) + 1}",
        _ => $"A.8.{(i % 34) + 1}",
    };
}
