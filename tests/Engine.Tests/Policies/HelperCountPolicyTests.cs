namespace Engine.Tests.Policies;

using Engine.Policies;

public class HelperCountPolicyTests
{
    private static readonly AutoHelpersSettings Settings = new(TimeSpan.FromMicroseconds(20), TimeSpan.FromMilliseconds(5));
    private static readonly TimeSpan SpanTarget = TimeSpan.FromMilliseconds(1);

    private static double Ticks(TimeSpan time) => time.Ticks;

    [Fact]
    public void HelperCountPolicy_gives_a_job_of_tiny_chunks_the_callers_lane_alone()
    {
        // 2,000 chunks of one 1-microsecond item: 2 ms of work in all, less than one thread's useful time.
        var decision = HelperCountPolicy.Decide(Ticks(TimeSpan.FromMicroseconds(1)), 1, 2_000, limit: 12, SpanTarget,
            Settings, HelperCountPolicy.Measured);

        Assert.Equal(1, decision.Threads);
        Assert.Equal(HelperCountPolicy.Measured, decision.Decision.Rule);
    }

    [Fact]
    public void HelperCountPolicy_gives_heavy_chunks_every_thread_the_limit_allows()
    {
        var decision = HelperCountPolicy.Decide(Ticks(TimeSpan.FromMilliseconds(10)), 1, 500, limit: 12, SpanTarget,
            Settings, HelperCountPolicy.Measured);

        Assert.Equal(12, decision.Threads);
    }

    [Fact]
    public void HelperCountPolicy_gives_each_thread_at_least_the_minimum_busy_time()
    {
        // 16 ms of work at 5 ms each: three threads.
        var decision = HelperCountPolicy.Decide(Ticks(TimeSpan.FromMilliseconds(1)), 1, 16, limit: 12, SpanTarget,
            Settings, HelperCountPolicy.Measured);

        Assert.Equal(3, decision.Threads);
    }

    [Fact]
    public void HelperCountPolicy_feeds_no_more_threads_than_dispatch_keeps_up_with_when_spans_do_not_group_chunks()
    {
        // 50-microsecond chunks handed out one at a time at 20 microseconds each: the coordinator feeds two threads.
        var decision = HelperCountPolicy.Decide(Ticks(TimeSpan.FromMicroseconds(50)), 1, 1_000_000, limit: 12,
            TimeSpan.Zero, Settings, HelperCountPolicy.Measured);

        Assert.Equal(2, decision.Threads);
    }

    [Fact]
    public void HelperCountPolicy_counts_tiny_chunks_grouped_into_spans_as_one_hand_out()
    {
        var decision = HelperCountPolicy.Decide(Ticks(TimeSpan.FromMicroseconds(1)), 1, 100_000_000, limit: 12, SpanTarget,
            Settings, HelperCountPolicy.Measured);

        Assert.Equal(12, decision.Threads);
    }

    [Fact]
    public void HelperCountPolicy_explains_its_figures_and_says_the_timing_was_remembered()
    {
        var decision = HelperCountPolicy.Decide(Ticks(TimeSpan.FromMilliseconds(2)), 1, 100, limit: 4, SpanTarget,
            Settings, HelperCountPolicy.Remembered);

        Assert.Equal(HelperCountPolicy.Remembered, decision.Decision.Rule);
        Assert.Contains("chunks of 2 ms (remembered)", decision.Decision.Why);
        Assert.Contains("limit 4", decision.Decision.Why);
        Assert.EndsWith("4 thread(s), 3 helper(s)", decision.Decision.Why);
    }

    [Fact]
    public void KernelTimings_remember_the_item_time_per_kernel_and_arguments()
    {
        var timings = new KernelTimings();
        timings.Remember("burn", 10L, 1_000, 40);
        timings.Remember("burn", 100L, 1_000, 10);

        Assert.True(timings.TryGet("burn", 10L, out var light));
        Assert.True(timings.TryGet("burn", 100L, out var heavy));
        Assert.Equal(25, light);
        Assert.Equal(100, heavy);
        Assert.False(timings.TryGet("hash", null, out _));
    }

    [Fact]
    public void KernelTimings_keep_nothing_from_a_job_that_ran_no_item()
    {
        var timings = new KernelTimings();
        timings.Remember("burn", null, 0, 0);

        Assert.False(timings.TryGet("burn", null, out _));
    }
}
