using Isms.LocalHost;

namespace Isms.IntegrationTests.Host;

/// <summary>The pool Kestrel receives request bodies into: whole blocks, reused, never handed out twice at once.</summary>
public sealed class LargeBlockMemoryPoolTests
{
    [Fact]
    public void Every_rent_is_a_whole_block_and_a_returned_block_is_reused()
    {
        using var pool = new LargeBlockMemoryPoolFactory().Create();
        var first = pool.Rent(2048);
        Assert.Equal(LargeBlockMemoryPool.BlockSize, first.Memory.Length);
        first.Memory.Span[0] = 42;
        first.Dispose();

        using var again = pool.Rent();
        Assert.Equal(42, again.Memory.Span[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(LargeBlockMemoryPool.BlockSize + 1));
    }

    [Fact]
    public void A_block_disposed_twice_is_not_handed_to_two_renters()
    {
        using var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();
        block.Dispose();
        block.Dispose();

        using var one = pool.Rent();
        using var two = pool.Rent();
        Assert.NotEqual(one.Memory, two.Memory);
    }

    [Fact]
    public void A_block_returned_after_the_pool_is_disposed_is_not_kept_and_the_pool_rents_no_more()
    {
        var pool = new LargeBlockMemoryPool();
        var block = pool.Rent();
        pool.Dispose();
        block.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pool.Rent());
    }
}
