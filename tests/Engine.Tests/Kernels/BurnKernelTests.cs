namespace Engine.Tests.Kernels;

using Engine.Jobs;
using Engine.Kernels;
using Engine.Kernels.BuiltIn.Burn;

public sealed class BurnKernelTests
{
    private static readonly IChunkKernel Kernel = new BurnKernel();

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 25)];

    [Fact]
    public void Burn_of_item_zero_with_one_round_is_the_first_SplitMix64_output_of_seed_zero()
    {
        var result = ChunkSplit.Whole(0, 1).Run(Kernel, new BurnArgs(Rounds: 1), new Random(0));

        Assert.Equal(0xE220A8397B1DCDAFUL, result);
    }

    [Fact]
    public void Burn_of_one_chunk_equals_the_item_by_item_reference()
    {
        var arguments = new BurnArgs(Rounds: 37);

        var result = ChunkSplit.Whole(-50, 3_000).Run(Kernel, arguments, new Random(0));

        Assert.Equal(Reference(-50, 3_000, 37), result);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Burn_does_not_depend_on_how_the_range_is_split(int seed)
    {
        var random = new Random(seed);
        var start = random.NextInt64(-1_000, 1_000_000);
        var size = random.NextInt64(0, 5_000);
        var align = random.Next(1, 100);
        var arguments = new BurnArgs(Rounds: random.Next(1, 50));

        var result = ChunkSplit.Random(start, size, align, random).Run(Kernel, arguments, random);

        Assert.Equal(Reference(start, size, arguments.Rounds), result);
    }

    [Fact]
    public void Burn_depends_on_the_number_of_rounds()
    {
        var split = ChunkSplit.Whole(0, 100);

        Assert.NotEqual(split.Run(Kernel, new BurnArgs(Rounds: 1), new Random(0)),
            split.Run(Kernel, new BurnArgs(Rounds: 2), new Random(0)));
    }

    [Fact]
    public void Burn_of_no_items_is_zero() =>
        Assert.Equal(0UL, ChunkSplit.Whole(10, 0).Run(Kernel, new BurnArgs(), new Random(0)));

    [Fact]
    public void Burn_stops_when_the_job_is_cancelled()
    {
        var chunk = new ChunkRange(0, 0, 1_000_000);
        var context = new ChunkContext("test", chunk, new BurnArgs(), 0, new CancellationToken(canceled: true));

        Assert.ThrowsAny<OperationCanceledException>(() => Kernel.Run(context));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Burn_rejects_fewer_than_one_round(int rounds)
    {
        var spec = new JobSpec(BurnKernel.Name, 0, 100, arguments: new BurnArgs(rounds));

        var error = Assert.Throws<JobSpecException>(() => Kernel.Validate(spec));

        Assert.Equal("arguments.rounds", error.Field);
        Assert.Contains(rounds.ToString(), error.Reason);
    }

    [Fact]
    public void Burn_accepts_one_round() =>
        Kernel.Validate(new JobSpec(BurnKernel.Name, 0, 100, arguments: new BurnArgs(1)));

    // SplitMix64 written out again, item by item: x <- mix(x + golden gamma), Rounds times from x = item.
    private static ulong Reference(long start, long size, int rounds)
    {
        ulong sum = 0;
        for (var item = start; item < start + size; item++)
        {
            var x = unchecked((ulong)item);
            for (var round = 0; round < rounds; round++)
            {
                var z = x + 0x9E3779B97F4A7C15;
                z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
                z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
                x = z ^ (z >> 31);
            }
            sum += x;
        }
        return sum;
    }
}
