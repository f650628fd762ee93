namespace Actors.Tests.Workers;

using Actors.Tests.Support;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Actors.Throttling;
using Engine.Jobs;
using Engine.Threading;

/// <summary>On this machine's real topology: helpers must be niced to 19 and pinned to their node's CPUs.</summary>
public class ThreadPlacementTests : TestKit
{
    private readonly WorkEngine _engine;

    public ThreadPlacementTests() : base("akka.loglevel = WARNING")
    {
        _engine = WorkEngine.Start(Sys, EngineFixtures.ThisMachine);
    }

    /// <summary>A job of 400 5-ms probe chunks with one helper beside the lane: what each thread saw of itself.</summary>
    private async Task<(ChunkThread[] Helpers, ChunkThread[] Lanes)> ProbeJob()
    {
        var kernel = new ThreadProbeKernel(TimeSpan.FromMilliseconds(5));
        _engine.Register("probe", kernel);
        await _engine.RunAsync(new JobSpec("probe", 0, 400, maxHelpers: 2));
        return (kernel.Seen.Where(t => t.Node >= 0).ToArray(), kernel.Seen.Where(t => t.Node < 0).ToArray());
    }

    [Fact]
    public async Task Helper_chunks_run_at_nice_19_pinned_to_their_nodes_cpus_and_lane_chunks_at_the_callers_priority()
    {
        var (helpers, lanes) = await ProbeJob();

        Assert.NotEmpty(helpers);
        Assert.NotEmpty(lanes);
        foreach (var helper in helpers)
        {
            var cpus = _engine.Topology.Node(helper.Node).Cpus;
            Assert.Equal(19, helper.Nice);
            Assert.Equal(cpus, helper.Affinity);
            Assert.Contains(helper.Processor, cpus);
            Assert.StartsWith($"eng-n{helper.Node}", helper.Name);
        }
        Assert.All(lanes, lane => Assert.Equal(NativeThread.ProcessNice(), lane.Nice));
    }

    [Fact]
    public async Task Helpers_run_in_SCHED_IDLE_and_in_their_own_cgroup_where_it_is_writable_and_lanes_in_neither()
    {
        var (helpers, lanes) = await ProbeJob();

        Assert.NotEmpty(helpers);
        Assert.All(helpers, h => Assert.Equal(ThreadStat.SchedIdle, h.Policy));
        Assert.All(lanes, l => Assert.NotEqual(ThreadStat.SchedIdle, l.Policy));
        if (_engine.Runtime.Politeness.CgroupTasksFile is null)
            return;
        Assert.All(helpers, h => Assert.EndsWith("/" + HelperCgroup.GroupName, h.CpuCgroup));
        Assert.All(lanes, l => Assert.DoesNotContain(HelperCgroup.GroupName, l.CpuCgroup));
    }

    [Fact]
    public async Task A_helper_restarted_after_a_kernel_failure_stays_niced_and_pinned()
    {
        _engine.Register("fails", new UndoableKernel(failAtItem: 0, TimeSpan.FromMilliseconds(2)));
        for (var i = 0; i < 3; i++)
            await Assert.ThrowsAsync<JobFailedException>(() => _engine.RunAsync(new JobSpec("fails", 0, 100, maxHelpers: 2)));

        // Every worker is back with the throttler once the restarted ones have reported ready.
        var workers = _engine.Topology.Nodes.Sum(n => n.Cpus.Count);
        await AwaitAssertAsync(async () => Assert.Equal(workers,
            (await _engine.Throttler.Ask<ThrottlerState>(GetThrottlerState.Instance)).IdlePerNode.Values.Sum()));

        var kernel = new ThreadProbeKernel(TimeSpan.FromMilliseconds(20));
        _engine.Register("probe", kernel);
        await _engine.RunAsync(new JobSpec("probe", 0, 400, maxHelpers: 2));
        var helpers = kernel.Seen.Where(t => t.Node >= 0).ToArray();
        Assert.NotEmpty(helpers);
        Assert.All(helpers, h => Assert.Equal(19, h.Nice));
        Assert.All(helpers, h => Assert.Equal(_engine.Topology.Node(h.Node).Cpus, h.Affinity));
    }
}
