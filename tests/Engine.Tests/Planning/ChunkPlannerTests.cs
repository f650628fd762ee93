namespace Engine.Tests.Planning;

using Engine.Jobs;
using Engine.Planning;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

public class ChunkPlannerTests
{
    private static JobSpec Spec(long start, long size, long align, long minChunk, int helpers) =>
        new("k", start, size, align, minChunk, helpers);

    /// <summary>Random job shapes: sizes from 0 to 10^12, aligns and min chunks from 1 to 2^20, 1..64 helpers.</summary>
    private static Arbitrary<(long Start, long Size, long Align, long MinChunk, int Helpers)> Shapes() =>
        (from startBase in Gen.Choose(0, 1 << 30)
         from startScale in Gen.Choose(1, 4096)
         from sizeExp in Gen.Choose(0, 40)
         from sizeFrac in Gen.Choose(0, int.MaxValue)
         from align in Gen.Elements(1L, 2L, 3L, 7L, 64L, 4096L, 1L << 20)
         from minChunk in Gen.Elements(1L, 5L, 100L, 4096L, 1L << 16)
         from helpers in Gen.Choose(1, 64)
         select ((long)startBase * startScale, (long)((1L << sizeExp) * (sizeFrac / (double)int.MaxValue)), align, minChunk, helpers)).ToArbitrary();

    [Property(MaxTest = 400)]
    public Property Every_item_lands_in_exactly_one_chunk_and_chunks_are_contiguous() =>
        Prop.ForAll(Shapes(), shape =>
        {
            var plan = ChunkPlanner.Plan(Spec(shape.Start, shape.Size, shape.Align, shape.MinChunk, shape.Helpers), 1024);
            var count = plan.ChunkCount;
            if (shape.Size == 0)
                return count == 0;
            var first = plan.ChunkAt(0);
            var last = plan.ChunkAt(count - 1);
            // Sample chunks across the plan (a plan can have millions): each starts where the previous ended.
            var sampled = Enumerable.Range(0, 50).Select(i => count * i / 50).Append(count - 1).Distinct();
            var contiguous = sampled.Where(i => i > 0).All(i => plan.ChunkAt(i).Start == plan.ChunkAt(i - 1).End);
            var nonEmpty = sampled.All(i => plan.ChunkAt(i).Length > 0);
            return first.Start == shape.Start && last.End == shape.Start + shape.Size && contiguous && nonEmpty;
        });

    [Property(MaxTest = 400)]
    public Property Chunk_ends_sit_on_multiples_of_the_chunk_size_which_is_a_multiple_of_align() =>
        Prop.ForAll(Shapes(), shape =>
        {
            var plan = ChunkPlanner.Plan(Spec(shape.Start, shape.Size, shape.Align, shape.MinChunk, shape.Helpers), 1024);
            if (plan.ChunkCount < 2)
                return true;
            var inner = Enumerable.Range(0, 20).Select(i => plan.ChunkCount * i / 20).Where(i => i < plan.ChunkCount - 1);
            return plan.ChunkSize % shape.Align == 0
                && plan.ChunkSize >= shape.MinChunk
                && inner.All(i => plan.ChunkAt(i).End % plan.ChunkSize == 0)
                && Enumerable.Range(1, (int)Math.Min(plan.ChunkCount - 2, 20)).All(i => plan.ChunkAt(i).Length == plan.ChunkSize);
        });

    [Property(MaxTest = 400)]
    public Property IndexOf_finds_the_chunk_holding_an_item() =>
        Prop.ForAll(Shapes(), Gen.Choose(0, int.MaxValue).ToArbitrary(), (shape, pick) =>
        {
            var plan = ChunkPlanner.Plan(Spec(shape.Start, shape.Size, shape.Align, shape.MinChunk, shape.Helpers), 1024);
            if (shape.Size == 0)
                return true;
            var item = shape.Start + (long)(shape.Size * (pick / (double)int.MaxValue - 1e-12));
            item = Math.Clamp(item, shape.Start, shape.Start + shape.Size - 1);
            var chunk = plan.ChunkAt(plan.IndexOf(item));
            return chunk.Start <= item && item < chunk.End;
        });

    [Fact]
    public void Works_follow_padata_clamp_of_size_over_min_chunk_between_one_and_the_thread_limit()
    {
        Assert.Equal(1, ChunkPlanner.Plan(Spec(0, 100, 1, 1000, 8), 16).Threads);
        Assert.Equal(8, ChunkPlanner.Plan(Spec(0, 1 << 20, 1, 1, 8), 16).Threads);
        Assert.Equal(4, ChunkPlanner.Plan(Spec(0, 1 << 20, 1, 1, 8), 4).Threads);
        Assert.Equal(3, ChunkPlanner.Plan(Spec(0, 3 * 4096, 4096, 1, 64), 64).Threads);
    }

    [Fact]
    public void A_higher_load_balance_factor_cuts_that_many_chunks_per_work()
    {
        var plan = ChunkPlanner.Plan(Spec(0, 1_000_000, 1, 1, 2), 2, loadBalanceFactor: 50_000);

        Assert.Equal(2, plan.Threads);
        Assert.Equal(10, plan.ChunkSize);
        Assert.Equal(100_000, plan.ChunkCount);
    }

    [Fact]
    public void Chunk_is_a_quarter_of_a_work_rounded_up_to_align()
    {
        // 2^34 bytes, 8 threads: 2^34 / 32 = 2^29, already a multiple of 4096 and above minChunk 2^20.
        var plan = ChunkPlanner.Plan(Spec(0, 1L << 34, 4096, 1 << 20, 8), 64);
        Assert.Equal(8, plan.Threads);
        Assert.Equal(1L << 29, plan.ChunkSize);
        Assert.Equal(32, plan.ChunkCount);
        // minChunk wins when a quarter-work is smaller; then align rounds it up.
        var small = ChunkPlanner.Plan(Spec(0, 1000, 64, 100, 4), 64);
        Assert.Equal(128, small.ChunkSize);
    }

    [Fact]
    public void An_unaligned_start_gives_a_short_first_chunk_ending_on_a_multiple()
    {
        var plan = ChunkPlanner.Plan(Spec(1000, 10_000, 1024, 1024, 2), 2);
        Assert.Equal(2048, plan.ChunkSize);
        Assert.Equal(new ChunkRange(0, 1000, 2048), plan.ChunkAt(0));
        Assert.Equal(0, plan.ChunkAt(1).End % plan.ChunkSize);
    }

    [Fact]
    public void A_trillion_items_plan_without_allocating_per_chunk()
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var plan = ChunkPlanner.Plan(Spec(0, 1_000_000_000_000, 1, 1, 1_000_000), 1_000_000);
        var last = plan.ChunkAt(plan.ChunkCount - 1);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(4_000_000, plan.ChunkCount);
        Assert.Equal(1_000_000_000_000, last.End);
        Assert.True(allocated < 10_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public void A_huge_align_does_not_overflow()
    {
        var plan = ChunkPlanner.Plan(Spec(long.MaxValue - 10, 10, long.MaxValue / 3, 1, 4), 4);
        Assert.Equal(long.MaxValue, plan.ChunkAt(plan.ChunkCount - 1).End);
        Assert.Equal(long.MaxValue - 10, plan.ChunkAt(0).Start);
    }
}
