using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Isms.Functions.Storage;
using Isms.IntegrationTests.Infrastructure;

namespace Isms.IntegrationTests.Storage;

/// <summary>The one writer evidence files and sealed manifests go through: hashed on the way, created once, never replaced, nothing left by a refusal.</summary>
public sealed class HashedBlockBlobWriterTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const int Block = HashedBlockBlobWriter.BlockSize;

    private async Task<BlobContainerClient> ContainerAsync()
    {
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("writer-" + Guid.NewGuid().ToString("N"));
        await container.CreateAsync();
        return container;
    }

    private static byte[] Bytes(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 31 % 251))];

    public static TheoryData<int, int> Sizes => new()
    {
        { 1, 0 },
        { 100_000, 0 },
        { Block, 1 },
        { Block + 1, 2 },
        { (2 * Block) + 12_345, 3 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Bytes_read_into_its_blocks_are_committed_with_their_hash_in_as_many_blocks_as_they_fill(int size, int stagedBlocks)
    {
        var container = await ContainerAsync();
        var bytes = Bytes(size);
        var blob = container.GetBlockBlobClient("evidence/file");
        using var source = new MemoryStream(bytes);

        WrittenBlob written;
        await using (var writer = new HashedBlockBlobWriter(blob, blocks: 4))
        {
            while (true)
            {
                var space = writer.Space;
                var read = await source.ReadAtLeastAsync(space, space.Length, throwOnEndOfStream: false);
                await writer.AdvanceAsync(read, CancellationToken.None);
                if (read < space.Length)
                {
                    break;
                }
            }

            written = await writer.CommitAsync("application/pdf", null, null, CancellationToken.None);
        }

        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(new WrittenBlob("evidence/file", size, sha256), written);
        await AssertStoredAsync(blob, bytes, "application/pdf", new Dictionary<string, string> { ["sha256"] = sha256 });
        var blocks = (await blob.GetBlockListAsync(BlockListTypes.Committed)).Value.CommittedBlocks.ToList();
        Assert.Equal(stagedBlocks, blocks.Count);
    }

    [Fact]
    public async Task Bytes_written_in_ragged_pieces_through_the_stream_come_out_whole_with_the_metadata_given()
    {
        var container = await ContainerAsync();
        var bytes = Bytes((3 * Block) - 7);
        var blob = container.GetBlockBlobClient("SNAP-000001/manifest.json");

        await using (var writer = new HashedBlockBlobWriter(blob, blocks: 3))
        {
            var stream = writer.AsStream();
            for (int offset = 0, piece = 1; offset < bytes.Length; offset += piece, piece = (piece * 7 % 300_001) + 1)
            {
                await stream.WriteAsync(bytes.AsMemory(offset, Math.Min(piece, bytes.Length - offset)));
            }

            Assert.Equal(bytes.Length, stream.Position);
            await writer.CommitAsync("application/json", new Dictionary<string, string> { ["snapshotid"] = "SNAP-000001" }, null, CancellationToken.None);
        }

        await AssertStoredAsync(blob, bytes, "application/json", new Dictionary<string, string> { ["snapshotid"] = "SNAP-000001", ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)) });
    }

    [Theory]
    [InlineData(10)]
    [InlineData(Block + 10)]
    public async Task A_blob_that_exists_is_never_replaced(int size)
    {
        var container = await ContainerAsync();
        var blob = container.GetBlockBlobClient("sealed");
        var first = Bytes(size);
        await WriteAsync(blob, first, null);

        var second = await Assert.ThrowsAsync<BlobAlreadyExistsException>(() => WriteAsync(blob, Bytes(size + 3), null));

        Assert.Equal("sealed", second.BlobName);
        await AssertStoredAsync(blob, first, "application/octet-stream", new Dictionary<string, string> { ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(first)) });
    }

    [Theory]
    [InlineData(10)]
    [InlineData((2 * Block) + 10)]
    public async Task Bytes_refused_by_the_check_or_never_committed_leave_no_blob(int size)
    {
        var container = await ContainerAsync();
        var refused = container.GetBlockBlobClient("refused");
        WrittenBlob? judged = null;

        await Assert.ThrowsAsync<InvalidDataException>(() => WriteAsync(refused, Bytes(size), w =>
        {
            judged = w;
            throw new InvalidDataException("not the bytes promised");
        }));

        Assert.Equal(size, judged!.Size);
        Assert.False(await refused.ExistsAsync());

        var abandoned = container.GetBlockBlobClient("abandoned");
        await using (var writer = new HashedBlockBlobWriter(abandoned, blocks: 2))
        {
            await writer.WriteAsync(Bytes(size), CancellationToken.None);
        }

        Assert.False(await abandoned.ExistsAsync());
    }

    private static async Task WriteAsync(BlockBlobClient blob, byte[] bytes, Action<WrittenBlob>? check)
    {
        await using var writer = new HashedBlockBlobWriter(blob, blocks: 2);
        await writer.WriteAsync(bytes, CancellationToken.None);
        await writer.CommitAsync("application/octet-stream", null, check, CancellationToken.None);
    }

    private static async Task AssertStoredAsync(BlockBlobClient blob, byte[] bytes, string contentType, Dictionary<string, string> metadata)
    {
        var properties = (await blob.GetPropertiesAsync()).Value;
        Assert.Equal(contentType, properties.ContentType);
        Assert.Equal(metadata.OrderBy(m => m.Key), properties.Metadata.OrderBy(m => m.Key));
        Assert.Equal(bytes, (await blob.DownloadContentAsync()).Value.Content.ToArray());
    }
}
