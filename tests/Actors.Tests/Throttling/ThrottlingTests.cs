namespace Actors.Tests.Throttling;

using Actors.Tests.Support;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Actors.Throttling;
using Engine.Jobs;
using Engine.Throttling;

public class ThrottlingTests : TestKit
{
    private readonly WorkEngine _engine;

    public ThrottlingTests() : base("akka.loglevel = WARNING")
    {
        // About caps, not politeness: SCHED_IDLE helpers would not run at all beside other work on a busy machine.
        _engine = WorkEngine.Start(Sys, EngineFixtures.FakeTwoNodes with { HelperIdleClass = false, HelperCgroup = false });
    }

    [Fact]
    public async Task Caps_are_never_exceeded_under_fifty_concurrent_jobs()
    {
        var kernel = new ConcurrencyKernel(TimeSpan.FromMilliseconds(2));
        _engine.Register("busy", kernel);
        var random = new Random(5);
        var jobs = Enumerable.Range(0, 50).Select(i => _engine.RunAsync(new JobSpec("busy", 0, random.Next(20, 200),
            maxHelpers: random.Next(1, 9), placement: i % 3 == 0 ? Placement.Nodes(new NodeShare(0)) : Placement.AnyNode))).ToArray();
        var results = await Task.WhenAll(jobs);

        Assert.All(results, r => Assert.Equal(r.Statistics.Items, (long)r.Value!));
        Assert.InRange(kernel.PeakTotal, 2, 4);
        Assert.All(kernel.PeakPerNode, p => Assert.InRange(p.Value, 0, 3));
        // A helper reports itself idle to the throttler after its last result went to the coordinator.
        await AwaitAssertAsync(async () =>
        {
            var state = await _engine.Throttler.Ask<ThrottlerState>(GetThrottlerState.Instance);
            Assert.Equal(0, state.RunningTotal);
            Assert.Equal(8, state.IdlePerNode.Values.Sum());
        });
    }

    [Fact]
    public async Task A_job_makes_progress_on_its_lane_while_every_helper_is_taken()
    {
        var gated = new GatedKernel();
        _engine.Register("gated", gated);
        _engine.Register("busy", new ConcurrencyKernel(TimeSpan.Zero));
        var hog = _engine.RunAsync(new JobSpec("gated", 0, 1000));
        await AwaitAssertAsync(async () =>
            Assert.Equal(4, (await _engine.Throttler.Ask<ThrottlerState>(GetThrottlerState.Instance)).RunningTotal));

        var small = await _engine.RunAsync(new JobSpec("busy", 0, 100));
        Assert.Equal(small.Statistics.Chunks, small.Statistics.LaneChunks);

        gated.Gate.Set();
        Assert.Equal(1000, (long)(await hog).Value!);
    }

    [Fact]
    public async Task Lowered_caps_send_running_helpers_away_at_their_next_span_boundary()
    {
        // An engine of its own cutting the job into many chunks: with two threads left after the caps are lowered,
        // the job still has seconds of work then, however slowly a loaded machine got its helpers attached.
        var system = ActorSystem.Create("lowered-caps", "akka.loglevel = WARNING");
        try
        {
            var engine = WorkEngine.Start(system, EngineFixtures.FakeTwoNodes with
            {
                HelperIdleClass = false,
                HelperCgroup = false,
                LoadBalanceFactor = 16,
            });
            var kernel = new ConcurrencyKernel(TimeSpan.FromMilliseconds(200));
            engine.Register("busy", kernel);
            var job = engine.RunAsync(new JobSpec("busy", 0, 4_000, maxHelpers: 5));
            await AwaitAssertAsync(async () =>
                Assert.Equal(4, (await engine.Throttler.Ask<ThrottlerState>(GetThrottlerState.Instance)).RunningTotal),
                TimeSpan.FromSeconds(10));

            engine.Throttler.Tell(new UpdateCaps(new HelperCaps(new Dictionary<int, int> { [0] = 1, [1] = 1 }, 1)));

            await AwaitAssertAsync(async () =>
            {
                Assert.False(job.IsCompleted, "the job should still run when the lowered caps have taken effect");
                Assert.Equal(1, (await engine.Throttler.Ask<ThrottlerState>(GetThrottlerState.Instance)).RunningTotal);
            }, TimeSpan.FromSeconds(10));
            var result = await job;
            Assert.Equal(4_000, (long)result.Value!);
            Assert.Equal(result.Statistics.Chunks, result.Statistics.ChunksPerNode.Values.Sum());
        }
        finally
        {
            await system.Terminate();
        }
    }
}
