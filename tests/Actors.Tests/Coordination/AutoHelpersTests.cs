namespace Actors.Tests.Coordination;

using Actors.Tests.Support;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Jobs;
using Engine.Policies;

/// <summary>Jobs asking for automatic helpers, timed on a fake clock: tiny chunks get the caller alone, heavy ones the caps.</summary>
public class AutoHelpersTests : TestKit
{
    private readonly FakeClock _clock = new();
    private readonly WorkEngine _engine;

    public AutoHelpersTests() : base("akka.loglevel = WARNING")
    {
        _engine = WorkEngine.Start(Sys, EngineFixtures.FakeTwoNodes with { Clock = _clock });
    }

    private static PolicyDecision AutoDecision(JobResult result) =>
        Assert.Single(result.Statistics.Decisions, d => d.Rule.StartsWith(HelperCountPolicy.Measured, StringComparison.Ordinal));

    [Fact]
    public async Task Auto_helpers_leave_a_job_of_tiny_chunks_to_its_callers_lane()
    {
        _engine.Register("tiny", new ClockedKernel(_clock, TimeSpan.FromMicroseconds(1), TimeSpan.Zero));

        var result = await _engine.RunAsync(new JobSpec("tiny", 0, 2_000, maxHelpers: JobSpec.AutoHelpers));

        Assert.Equal(2_000L, result.Value);
        Assert.Equal(0, result.Statistics.PeakHelpers);
        var decision = AutoDecision(result);
        Assert.Equal(HelperCountPolicy.Measured, decision.Rule);
        Assert.EndsWith("1 thread(s), 0 helper(s)", decision.Why);
    }

    [Fact]
    public async Task Auto_helpers_give_heavy_chunks_every_helper_the_caps_allow()
    {
        _engine.Register("heavy", new ClockedKernel(_clock, TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20)));

        var result = await _engine.RunAsync(new JobSpec("heavy", 0, 40, maxHelpers: JobSpec.AutoHelpers));

        Assert.Equal(40L, result.Value);
        Assert.Equal(_engine.Caps.Global, result.Statistics.PeakHelpers);
        Assert.EndsWith($"{_engine.Caps.Global + 1} thread(s), {_engine.Caps.Global} helper(s)", AutoDecision(result).Why);
    }

    [Fact]
    public async Task Auto_helpers_size_the_next_job_of_a_kernel_from_the_last_one_without_timing_again()
    {
        _engine.Register("tiny", new ClockedKernel(_clock, TimeSpan.FromMicroseconds(1), TimeSpan.Zero));
        await _engine.RunAsync(new JobSpec("tiny", 0, 2_000, maxHelpers: JobSpec.AutoHelpers));

        var second = await _engine.RunAsync(new JobSpec("tiny", 0, 3_000, maxHelpers: JobSpec.AutoHelpers));

        Assert.Equal(HelperCountPolicy.Remembered, AutoDecision(second).Rule);
        Assert.Contains("chunks of", AutoDecision(second).Why);
        Assert.Equal(0, second.Statistics.PeakHelpers);
    }

    [Fact]
    public async Task A_job_with_a_helper_count_of_its_own_is_not_sized_automatically()
    {
        _engine.Register("tiny", new ClockedKernel(_clock, TimeSpan.FromMicroseconds(1), TimeSpan.Zero));

        var result = await _engine.RunAsync(new JobSpec("tiny", 0, 2_000, maxHelpers: 3));

        Assert.DoesNotContain(result.Statistics.Decisions, d => d.Rule.StartsWith(HelperCountPolicy.Measured, StringComparison.Ordinal));
    }
}
