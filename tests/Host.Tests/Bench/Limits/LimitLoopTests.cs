namespace Host.Tests.Bench.Limits;

using Engine.Host.Bench.Limits;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Kernels.BuiltIn;
using Engine.Kernels.BuiltIn.Burn;

/// <summary>The no-engine loops the bench measures the engine against: they do the whole work, split without gaps.</summary>
public class LimitLoopTests
{
    [Theory]
    [InlineData(0, 1, 1)]
    [InlineData(10, 3, 4)]
    [InlineData(1_000_003, 7, 1000)]
    [InlineData(5, 16, 1)]
    public void Shared_cursor_hands_out_every_item_exactly_once(long count, int threads, long grain)
    {
        var cursor = new SharedCursor(count, grain);

        var (_, taken) = PlainThreads.Run(threads, _ =>
        {
            var grains = new List<(long Start, long End)>();
            while (cursor.TryTake(out var start, out var end))
                grains.Add((start, end));
            return grains;
        });

        var all = taken.SelectMany(g => g).OrderBy(g => g.Start).ToArray();
        Assert.Equal(count, all.Sum(g => g.End - g.Start));
        Assert.All(all.Zip(all.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
        Assert.All(all, g => Assert.InRange(g.End - g.Start, 1, grain));
        Assert.False(cursor.TryTake(out _, out _));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(5)]
    public void Burn_limit_sums_what_the_burn_kernel_sums(int threads)
    {
        const long start = -300, size = 10_007;
        var arguments = new BurnArgs(Rounds: 13);
        var expected = ((IChunkKernel)BuiltInKernels.Burn).Run(new ChunkContext("reference", new ChunkRange(0, start, start + size),
            arguments, 0, CancellationToken.None));

        var limit = BurnLimit.Run(start, size, arguments.Rounds, threads);

        Assert.Equal(expected, limit.Result);
        Assert.True(limit.Seconds > 0);
    }

    [Theory]
    [InlineData(1, 1L << 20)]
    [InlineData(3, 256 * 1024)]
    public void MemInit_limit_fills_and_reads_back_every_piece(int threads, long piece)
    {
        // The loop checks each piece's read-back sum and throws if one is wrong; a short last block included.
        var limit = MemInitLimit.Run(3 * (1L << 20) + 5 * 4096, piece, threads);

        Assert.True(limit.Seconds > 0);
        Assert.Null(limit.Result);
    }

    [Fact]
    public void Hash_limit_hashes_on_every_thread_and_computes_no_job_result()
    {
        var limit = HashLimit.Run(5 * 4096 + 1, 4096, 3);

        Assert.True(limit.Seconds > 0);
        Assert.Null(limit.Result);
    }

    [Fact]
    public void A_failing_limit_thread_fails_the_run()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            PlainThreads.Run<int>(3, index => index == 1 ? throw new ArithmeticException("share 1 broke") : index));

        Assert.Contains("share 1 broke", error.Message);
    }

    [Fact]
    public void Every_share_runs_on_its_own_thread()
    {
        var (_, threadIds) = PlainThreads.Run(4, _ => Environment.CurrentManagedThreadId);

        Assert.Equal(4, threadIds.Distinct().Count());
    }
}
