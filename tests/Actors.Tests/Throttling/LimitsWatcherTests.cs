namespace Actors.Tests.Throttling;

using Actors.Tests.Support;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Actors.Throttling;
using Engine.Jobs;
using Engine.Policies;
using Engine.Tests.Topology;

/// <summary>An engine reading a fake machine (2 nodes x 2 CPUs) whose affinity mask changes while it runs.</summary>
public sealed class LimitsWatcherTests : TestKit
{
    private readonly FakeSysfs _sysfs = new();

    public LimitsWatcherTests() : base("akka.loglevel = WARNING") => _sysfs.WithNodes(2, 2);

    protected override void AfterAll()
    {
        base.AfterAll();
        _sysfs.Dispose();
    }

    private WorkEngine Start() => WorkEngine.Start(Sys, EngineConfig.DefaultSettings with
    {
        SystemRoot = _sysfs.Root,
        Pin = false,
        HelperIdleClass = false,
        HelperCgroup = false,
        LimitsPollInterval = TimeSpan.FromMilliseconds(100),
    });

    private async Task<ThrottlerState> Throttler(WorkEngine engine) =>
        await engine.Throttler.Ask<ThrottlerState>(GetThrottlerState.Instance);

    [Fact]
    public async Task Caps_follow_an_affinity_mask_narrowed_and_widened_while_the_engine_runs()
    {
        var engine = Start();
        Assert.Equal(2, (await Throttler(engine)).Caps.Global);

        _sysfs.WithAffinity("0-1");
        await AwaitAssertAsync(async () =>
        {
            var caps = (await Throttler(engine)).Caps;
            Assert.Equal(1, caps.Global);
            Assert.Equal(0, caps.ForNode(1));
        }, TimeSpan.FromSeconds(5));
        Assert.Equal([0, 1], engine.Topology.AllowedCpus);

        _sysfs.WithAffinity("0-3");
        await AwaitAssertAsync(async () => Assert.Equal(2, (await Throttler(engine)).Caps.Global), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_job_after_the_caps_were_lowered_gets_no_more_helpers_than_the_new_cap()
    {
        var engine = Start();
        var kernel = new ConcurrencyKernel(TimeSpan.FromMilliseconds(2));
        engine.Register("busy", kernel);
        _sysfs.WithAffinity("0-1");
        await AwaitAssertAsync(async () => Assert.Equal(1, (await Throttler(engine)).Caps.Global), TimeSpan.FromSeconds(5));

        var result = await engine.RunAsync(new JobSpec("busy", 0, 200));

        Assert.Equal(200L, result.Value);
        Assert.InRange(result.Statistics.PeakHelpers, 0, 1);
        Assert.Equal(0, result.Statistics.HelpersPerNode.GetValueOrDefault(1));
    }

    [Fact]
    public async Task A_limits_change_is_published_and_the_next_job_is_planned_under_it()
    {
        var engine = Start();
        engine.Register("busy", new ConcurrencyKernel(TimeSpan.FromMilliseconds(1)));
        var before = (await engine.RunAsync(new JobSpec("busy", 0, 200))).Statistics.PlannedThreads;
        var listener = CreateTestProbe();
        Sys.EventStream.Subscribe(listener, typeof(LimitsChanged));

        _sysfs.WithAffinity("0-1");
        var changed = listener.ExpectMsg<LimitsChanged>(TimeSpan.FromSeconds(5));
        var after = (await engine.RunAsync(new JobSpec("busy", 0, 200))).Statistics.PlannedThreads;

        Assert.Equal([0, 1], changed.Limits.Topology.AllowedCpus);
        Assert.Equal(changed.Limits.ThreadLimit, after);
        Assert.True(after < before, $"planned {after} thread(s) after the change, {before} before");
        AwaitAssert(() => Assert.Equal(changed.Limits.HelperCaps, engine.Caps), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_node_with_no_allowed_cpu_gets_no_pool_even_when_it_is_allowed_later()
    {
        _sysfs.WithAffinity("2-3");
        var engine = Start();
        Assert.Equal([1], engine.Runtime.PooledNodes);
        await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection(EngineActorNames.LocalPath(EngineActorNames.NodePool(0))).ResolveOne(TimeSpan.FromSeconds(1)));
        await Sys.ActorSelection(EngineActorNames.LocalPath(EngineActorNames.NodePool(1))).ResolveOne(TimeSpan.FromSeconds(1));

        _sysfs.WithAffinity("0-3");
        await AwaitAssertAsync(() =>
            Assert.Contains(engine.Decisions, d => d.Rule == EngineLimits.NodeWithoutPool), TimeSpan.FromSeconds(5));
        var caps = (await Throttler(engine)).Caps;
        Assert.Equal(0, caps.ForNode(0));
        Assert.Equal(1, caps.Global);
    }
}
