namespace Actors.Tests.Coordination;

using Actors.Tests.Support;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Engine;
using Engine.Actors;
using Engine.Actors.Throttling;
using Engine.Jobs;
using Engine.Leasing;
using Engine.Planning;

/// <summary>
/// A helper that gets no CPU (here: stopped at a gate) never holds up its job: what it holds and has not started
/// is taken back, what it runs is copied by the lane once the scheduler shows it starved or its lease runs out,
/// and the first result counts once.
/// </summary>
public class StarvedHelperTests : TestKit
{
    private const long Items = 64 * 64;
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);

    public StarvedHelperTests() : base("akka.loglevel = WARNING")
    {
    }

    private (WorkEngine Engine, StallingKernel Kernel) Start(Func<StallingKernel, EngineSettings, EngineSettings> settings,
        bool sideEffects = false)
    {
        var kernel = new StallingKernel(sideEffects);
        var engine = WorkEngine.Start(Sys, settings(kernel, EngineFixtures.FakeTwoNodes));
        engine.Register("stalling", kernel);
        return (engine, kernel);
    }

    /// <summary>Leases that copy a span only for the reason under test: starved, or late past a short lease.</summary>
    private static LeaseSettings OnlyThe(bool starved) => EngineConfig.DefaultSettings.Leases with
    {
        SpeculationMultiplier = 1e6,
        Multiplier = starved ? 1e6 : EngineConfig.DefaultSettings.Leases.Multiplier,
        Floor = starved ? TimeSpan.FromHours(1) : EngineConfig.DefaultSettings.Leases.Floor,
    };

    private static JobSpec Job => new("stalling", 0, Items, minChunk: 64, maxHelpers: 4);

    [Fact]
    public async Task A_starved_helper_has_its_spans_run_by_the_lane_and_every_chunk_counts_once()
    {
        var (engine, kernel) = Start((k, s) => s with { Scheduler = new StarvingScheduler(k), Leases = OnlyThe(starved: true) });

        var result = await engine.RunAsync(Job).WaitAsync(JobTimeout);
        kernel.Gate.Set();

        var statistics = result.Statistics;
        Assert.Equal(Items, result.Value);
        Assert.Equal(statistics.Chunks, statistics.ChunksPerNode.Values.Sum());
        Assert.Equal(statistics.Chunks, statistics.LaneChunks);
        Assert.True(statistics.StarvedSpans > 0, $"no span was seen starved: {statistics}");
        Assert.True(statistics.CopiesWon > 0, $"no copy won: {statistics}");
        Assert.True(statistics.TakenBack > 0, $"nothing the helpers held unstarted was taken back: {statistics}");
    }

    [Fact]
    public async Task A_helper_that_never_reports_has_its_spans_run_by_the_lane_once_its_lease_runs_out()
    {
        var (engine, kernel) = Start((_, s) => s with
        {
            Scheduler = new SilentScheduler(),
            Leases = OnlyThe(starved: false) with { Floor = TimeSpan.FromMilliseconds(200), Multiplier = 4 },
        });

        var result = await engine.RunAsync(Job).WaitAsync(JobTimeout);
        kernel.Gate.Set();

        Assert.Equal(Items, result.Value);
        Assert.Equal(0, result.Statistics.StarvedSpans);
        Assert.True(result.Statistics.LateSpans > 0, $"no lease ran out: {result.Statistics}");
        Assert.Equal(result.Statistics.Chunks, result.Statistics.ChunksPerNode.Values.Sum());
    }

    [Fact]
    public async Task A_kernel_with_side_effects_never_runs_a_chunk_twice_but_still_gets_back_what_was_not_started()
    {
        var (engine, kernel) = Start((k, s) => s with
        {
            Scheduler = new StarvingScheduler(k),
            Leases = EngineConfig.DefaultSettings.Leases with { Floor = TimeSpan.FromMilliseconds(100) },
        }, sideEffects: true);

        var chunks = ChunkPlanner.Plan(Job, engine.ThreadLimit, engine.Runtime.Settings.LoadBalanceFactor).ChunkCount;
        var job = engine.RunAsync(Job);
        await AwaitConditionAsync(() => Task.FromResult(kernel.Runs.Count == chunks && !kernel.Stalled.IsEmpty),
            TimeSpan.FromSeconds(30));
        await Task.Delay(300);
        Assert.False(job.IsCompleted, "the job must wait for the stalled chunks rather than run them twice");
        kernel.Gate.Set();
        var result = await job.WaitAsync(JobTimeout);

        Assert.Equal(Items, result.Value);
        Assert.All(kernel.Runs, r => Assert.Equal(1, r.Value));
        Assert.Equal(0, result.Statistics.Copies);
        Assert.True(result.Statistics.TakenBack > 0, $"nothing was taken back: {result.Statistics}");
    }

    [Fact]
    public async Task Copies_never_put_more_helpers_to_work_than_the_caps_allow()
    {
        var (engine, kernel) = Start((k, s) => s with { Scheduler = new StarvingScheduler(k) });
        var jobs = Enumerable.Range(0, 6).Select(_ => engine.RunAsync(Job with { MaxHelpers = 8 })).ToArray();
        var peak = 0;
        while (!jobs.All(j => j.IsCompleted))
        {
            var state = await engine.Throttler.Ask<ThrottlerState>(GetThrottlerState.Instance, TimeSpan.FromSeconds(5));
            Assert.True(state.RunningTotal <= state.Caps.Global, $"{state.RunningTotal} helpers above the global cap {state.Caps.Global}");
            Assert.All(state.RunningPerNode, n => Assert.True(n.Value <= state.Caps.PerNode[n.Key]));
            peak = Math.Max(peak, state.RunningTotal);
            await Task.Delay(20);
        }
        kernel.Gate.Set();

        foreach (var job in jobs)
            Assert.Equal(Items, (await job.WaitAsync(JobTimeout)).Value);
        Assert.True(peak > 0, "no helper was ever attached, so the caps were not exercised");
    }
}
