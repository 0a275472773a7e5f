using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Isms.Functions.Snapshots;
using Isms.Functions.Snapshots.Signing;
using Isms.Functions.Storage;
using Isms.Functions.Summary;
using Isms.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Isms.IntegrationTests.Snapshots;

/// <summary>
/// Integrity against someone who can write the storage account: each manifest is signed when sealed, verification
/// checks every signature of the chain and names the first break, and each snapshot's hash leaves the account (the
/// sealing mail to the ISMS manager, the weekly Teams card). Each test has its own storage.
/// </summary>
public sealed partial class SnapshotSignatureTests(AzuriteFixture azurite) : IsolatedHostTests(azurite)
{
    private string Outbox => Host.Configuration["Notifications:OutboxDirectory"]!;

    [Fact]
    public async Task A_sealed_manifest_carries_a_signature_of_its_hash_that_verifies()
    {
        var (id, sha256) = await TakeAsync();

        var metadata = (await (await ManifestAsync(id)).GetPropertiesAsync()).Value.Metadata;
        Assert.Equal(SnapshotSignature.ES256, metadata[SnapshotSignature.AlgorithmMetadata]);
        var signer = Host.Services.GetRequiredService<LocalSnapshotSigner>();
        Assert.Equal(signer.KeyId, Uri.UnescapeDataString(metadata[SnapshotSignature.KeyIdMetadata]));

        // The signature is over the SHA-256 of exactly the stored bytes, with the local host's key file.
        var keyFile = Host.Configuration["Signing:LocalKeyFile"]!;
        using var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(await File.ReadAllBytesAsync(keyFile), out _);
        var signature = SnapshotSignature.FromMetadata(metadata)!;
        Assert.True(key.VerifyHash(Convert.FromHexString(sha256), signature.Value.Span));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }

        var verification = await VerifyAsync(id);
        Assert.True((bool)verification["verified"]!, string.Join("; ", Problems(verification)));
        Assert.Null(verification["firstBreak"]);
        Assert.Empty(verification["unsignedBeforeSigning"]!.AsArray());
        var check = Assert.Single(verification["checks"]!.AsArray(), c => (string?)c!["subject"] == $"signature {id}")!;
        Assert.True((bool)check["ok"]!);
        Assert.Contains(signer.KeyId, (string?)check["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_manifest_rewritten_with_its_hash_chain_recomputed_is_named_by_its_signature()
    {
        await TakeAsync();
        var (second, oldSecondSha) = await TakeAsync();
        var (third, _) = await TakeAsync();

        var clean = await VerifyAsync(third);
        Assert.True((bool)clean["verified"]!, string.Join("; ", Problems(clean)));
        Assert.Equal((string?)clean["checkedAt"], (string?)(await VerifyAsync(third))["checkedAt"]); // kept, not recomputed

        // Someone with write access to the account edits the second manifest and makes every hash agree again:
        // its blob and row carry the new hash, and the third manifest (and its row) link to it. Signatures are copied as they were.
        var newSecondSha = await RewriteAsync(second, text => text.Replace("\"overdueCorrectiveActions\":0", "\"overdueCorrectiveActions\":1", StringComparison.Ordinal));
        await RewriteAsync(third, text => text.Replace(oldSecondSha, newSecondSha, StringComparison.Ordinal), previousSha256: newSecondSha);

        var after = await VerifyAsync(third);

        Assert.False((bool)after["verified"]!);
        Assert.DoesNotContain(Problems(after), p => p.StartsWith("chain ", StringComparison.Ordinal) || p.StartsWith("manifest ", StringComparison.Ordinal));
        var firstBreak = after["firstBreak"]!;
        Assert.Equal(second, (string?)firstBreak["snapshotId"]);
        Assert.Equal("SignatureInvalid", (string?)firstBreak["kind"]);
        Assert.Contains("does not match the manifest's SHA-256", (string?)firstBreak["detail"], StringComparison.Ordinal);
        Assert.Contains(Problems(after), p => p.StartsWith($"signature {second}:", StringComparison.Ordinal));
        Assert.Contains(Problems(after), p => p.StartsWith($"signature {third}:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_removed_signature_after_a_signed_snapshot_is_a_break()
    {
        var (first, _) = await TakeAsync();
        var (second, _) = await TakeAsync();
        Assert.True((bool)(await VerifyAsync(second))["verified"]!);

        var blob = await ManifestAsync(second);
        var metadata = (await blob.GetPropertiesAsync()).Value.Metadata;
        foreach (var name in new[] { SnapshotSignature.ValueMetadata, SnapshotSignature.KeyIdMetadata, SnapshotSignature.AlgorithmMetadata })
        {
            metadata.Remove(name);
        }

        await blob.SetMetadataAsync(metadata);

        var after = await VerifyAsync(second);
        Assert.False((bool)after["verified"]!);
        Assert.Equal(second, (string?)after["firstBreak"]!["snapshotId"]);
        Assert.Equal("SignatureMissing", (string?)after["firstBreak"]!["kind"]);
        Assert.Contains($"signature {second}: it has no signature, though a snapshot before it was signed", Problems(after)[0], StringComparison.Ordinal);

        // The first, still signed, verifies on its own.
        Assert.True((bool)(await VerifyAsync(first))["verified"]!);
    }

    [Fact]
    public async Task The_sealing_mail_to_the_ISMS_manager_carries_the_hash_and_is_sent_once()
    {
        var (id, sha256) = await TakeAsync();

        var mail = Path.Combine(Outbox, $"{SnapshotPublication.Kind}-{id}.eml");
        var eml = await File.ReadAllTextAsync(mail);
        Assert.Contains("To: isms.manager@contoso.example\r\n", eml, StringComparison.Ordinal);
        Assert.Contains($"Subject: ISMS: snapshot {id} sealed, SHA-256 starting {sha256[..16]}\r\n", eml, StringComparison.Ordinal);
        Assert.Contains($"SHA-256: {sha256}", TextPart(eml), StringComparison.Ordinal);

        // Publishing the same snapshot again (a retried seal, a repair) sends nothing.
        File.Delete(mail);
        var record = await Host.Services.GetRequiredService<SnapshotStore>().GetAsync(id, CancellationToken.None);
        await Host.Services.GetRequiredService<SnapshotPublication>().PublishAsync(record!, CancellationToken.None);
        Assert.False(File.Exists(mail));
    }

    [Fact]
    public async Task A_sealing_mail_a_crash_kept_from_going_out_is_sent_by_the_next_seal()
    {
        var (first, firstSha) = await TakeAsync();

        // As if the run had died after the row and before the mail: sealed and listed, but nobody told.
        var table = await Host.Services.GetRequiredService<IsmsStorage>().TableAsync(TableNames.Snapshots, CancellationToken.None);
        await table.DeleteEntityAsync(SnapshotPublication.LedgerPartition, first);
        var mail = Path.Combine(Outbox, $"{SnapshotPublication.Kind}-{first}.eml");
        File.Delete(mail);

        var (second, _) = await TakeAsync();

        Assert.Contains($"SHA-256: {firstSha}", TextPart(await File.ReadAllTextAsync(mail)), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(Outbox, $"{SnapshotPublication.Kind}-{second}.eml")));
    }

    [Fact]
    public async Task The_weekly_card_carries_the_hash_of_each_new_snapshot()
    {
        var (first, firstSha) = await TakeAsync();
        var (second, secondSha) = await TakeAsync();

        var run = await Host.Services.GetRequiredService<WeeklySummaryPoster>().RunAsync(CancellationToken.None);
        Assert.True(run.Posted, run.Detail);

        var message = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Outbox, $"TeamsChannel-{run.Week}.json")))!;
        var texts = Isms.IntegrationTests.Summary.WeeklySummaryCardTests.Texts(message["attachments"]![0]!["content"]!);
        Assert.Contains(texts, t => t.StartsWith(first, StringComparison.Ordinal) && t.EndsWith(": " + firstSha, StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith(second, StringComparison.Ordinal) && t.EndsWith(": " + secondSha, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_seal_that_died_after_its_manifest_is_repaired_and_published_by_the_next_one()
    {
        var (first, firstSha) = await TakeAsync();

        // As if that run had died right after its manifest was stored: no row, no mail.
        var storage = Host.Services.GetRequiredService<IsmsStorage>();
        var table = await storage.TableAsync(TableNames.Snapshots, CancellationToken.None);
        await table.DeleteEntityAsync(SnapshotStore.Partition, first);
        await table.DeleteEntityAsync(SnapshotPublication.LedgerPartition, first);
        var mail = Path.Combine(Outbox, $"{SnapshotPublication.Kind}-{first}.eml");
        File.Delete(mail);

        var (second, _) = await TakeAsync();

        Assert.Equal("SNAP-000002", second);
        Assert.Equal(firstSha, (await Host.Services.GetRequiredService<SnapshotStore>().GetAsync(first, CancellationToken.None))!.Sha256);
        Assert.Contains($"SHA-256: {firstSha}", TextPart(await File.ReadAllTextAsync(mail)), StringComparison.Ordinal);
        var verification = await VerifyAsync(second);
        Assert.True((bool)verification["verified"]!, string.Join("; ", Problems(verification)));
    }

    [Fact]
    public async Task A_manifest_planted_without_a_row_is_neither_signed_nor_announced_and_verification_names_it()
    {
        var (first, firstSha) = await TakeAsync();

        // Someone writes the next snapshot's manifest into storage, well formed and linked, but unsigned.
        var text = (await (await ManifestAsync(first)).DownloadContentAsync()).Value.Content.ToString();
        Assert.Contains("\"previous\":null", text, StringComparison.Ordinal);
        var planted = Encoding.UTF8.GetBytes(text
            .Replace($"\"id\":\"{first}\"", "\"id\":\"SNAP-000002\"", StringComparison.Ordinal)
            .Replace("\"previous\":null", $"\"previous\":{{\"id\":\"{first}\",\"sha256\":\"{firstSha}\"}}", StringComparison.Ordinal)
            .Replace("\"sequence\":1,", "\"sequence\":2,", StringComparison.Ordinal));
        var header = new SnapshotHeader("SNAP-000002", 2, DateTimeOffset.UtcNow, "mallory@contoso.example", "Manual", new Isms.Core.Snapshots.ManifestLink(first, firstSha));
        var metadata = new Dictionary<string, string>(SnapshotStore.Metadata(header)) { [HashedBlockBlobWriter.HashMetadata] = Convert.ToHexStringLower(SHA256.HashData(planted)) };
        await (await ManifestAsync("SNAP-000002")).UploadAsync(new MemoryStream(planted), new BlobUploadOptions { Metadata = metadata });

        var (third, _) = await TakeAsync();

        Assert.Equal("SNAP-000003", third);
        Assert.False(File.Exists(Path.Combine(Outbox, $"{SnapshotPublication.Kind}-SNAP-000002.eml")));
        Assert.Null(SnapshotSignature.FromMetadata((await (await ManifestAsync("SNAP-000002")).GetPropertiesAsync()).Value.Metadata));
        var verification = await VerifyAsync(third);
        Assert.False((bool)verification["verified"]!);
        Assert.Equal("SNAP-000002", (string?)verification["firstBreak"]!["snapshotId"]);
        Assert.Equal("SignatureMissing", (string?)verification["firstBreak"]!["kind"]);
    }

    private async Task<(string Id, string Sha256)> TakeAsync()
    {
        using var response = await Api.PostAsync("api/snapshots", new { });
        var body = await ApiClient.JsonAsync(response, HttpStatusCode.Created);
        return ((string)body["id"]!, (string)body["sha256"]!);
    }

    private async Task<JsonObject> VerifyAsync(string id)
    {
        using var response = await Api.GetAsync($"api/snapshots/{id}/verification");
        return await ApiClient.JsonAsync(response, HttpStatusCode.OK);
    }

    private static List<string> Problems(JsonObject verification) => [.. verification["problems"]!.AsArray().Select(p => (string)p!)];

    private async Task<BlockBlobClient> ManifestAsync(string id) => await Host.Services.GetRequiredService<SnapshotStore>().ManifestClientAsync(id, CancellationToken.None);

    /// <summary>Replaces a manifest's bytes in place, keeping its metadata (signature included) but its new hash, and its row's hash; returns that hash.</summary>
    private async Task<string> RewriteAsync(string id, Func<string, string> edit, string? previousSha256 = null)
    {
        var blob = await ManifestAsync(id);
        var stored = (await blob.DownloadContentAsync()).Value;
        var text = stored.Content.ToString();
        var edited = Encoding.UTF8.GetBytes(edit(text));
        Assert.NotEqual(text, Encoding.UTF8.GetString(edited));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(edited));
        var metadata = new Dictionary<string, string>(stored.Details.Metadata) { [HashedBlockBlobWriter.HashMetadata] = sha256 };
        if (previousSha256 is not null)
        {
            metadata["previoussha256"] = previousSha256;
        }

        await blob.UploadAsync(new MemoryStream(edited), new BlobUploadOptions { Metadata = metadata, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } });
        var store = Host.Services.GetRequiredService<SnapshotStore>();
        var record = (await store.GetAsync(id, CancellationToken.None))!;
        await store.SaveAsync(record with { Sha256 = sha256, Size = edited.Length, PreviousSha256 = previousSha256 ?? record.PreviousSha256 }, CancellationToken.None);
        return sha256;
    }

    private static string TextPart(string eml)
    {
        var text = TextPartPattern().Match(eml).Groups[1].Value;
        return Encoding.UTF8.GetString(Convert.FromBase64String(text.Replace("\r\n", string.Empty, StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n([A-Za-z0-9+/=\r\n]+?)\r\n--")]
    private static partial Regex TextPartPattern();
}
