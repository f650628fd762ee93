namespace Engine.Tests.Policies;

using Engine.Policies;
using Engine.Tests.Topology;

/// <summary>
/// The caps and helper pools (one per node left in the topology) that fake machines give, read the way
/// a starting engine reads them.
/// </summary>
public sealed class EngineLimitsTests : IDisposable
{
    private readonly FakeSysfs sysfs = new();
    private readonly string root;

    public EngineLimitsTests() => root = sysfs.Root;

    public void Dispose() => sysfs.Dispose();

    /// <summary>engine.conf's values (this project has no HOCON reader): only caps and energy matter to the limits.</summary>
    private static readonly EngineSettings Defaults = new()
    {
        HelperNice = 19,
        HelperIdleClass = true,
        HelperCgroup = true,
        DemoteOwnAutogroup = false,
        LanesAsHelpers = false,
        Pin = true,
        Prefetch = 2,
        RemotePrefetch = 2,
        RemotePrefetchMax = 256,
        SpanTarget = TimeSpan.FromMilliseconds(1),
        LoadBalanceFactor = 4,
        ProgressInterval = TimeSpan.FromMilliseconds(250),
        DefaultMinChunk = 1,
        AutoHelpers = new AutoHelpersSettings(TimeSpan.FromMicroseconds(20), TimeSpan.FromMilliseconds(5)),
        LimitsPollInterval = TimeSpan.FromSeconds(2),
        Caps = CapsConfig.Auto,
        Energy = EnergyMode.Auto,
        SystemRoot = "/",
        Postgres = null,
        ClusterLoadBalanceFactor = 16,
        Downing = ClusterDowning.KeepMajority,
        LaneThreads = 0,
        Journal = new JournalSettings(false, Path.GetTempPath(), 100, TimeSpan.FromHours(1)),
        ActorDispatcher = "engine.control-dispatcher",
        Leases = new Engine.Leasing.LeaseSettings(4, TimeSpan.FromSeconds(1), 1.5, 0.5, TimeSpan.FromMilliseconds(20), 3),
    };

    private EngineLimits Read(EngineSettings? settings = null) =>
        EngineLimits.Read((settings ?? Defaults) with { SystemRoot = root });

    private static int[] Pools(EngineLimits limits) => limits.Topology.Nodes.Select(n => n.Id).ToArray();

    [Fact]
    public void Four_nodes_of_16_cpus_get_four_pools_capped_at_12_helpers_each_and_48_in_all()
    {
        sysfs.WithNodes(4, 16).WithCgroupV2("/user.slice");

        var limits = Read();

        Assert.Equal([0, 1, 2, 3], Pools(limits));
        Assert.All(limits.HelperCaps.PerNode.Values, cap => Assert.Equal(12, cap));
        Assert.Equal(48, limits.HelperCaps.Global);
        Assert.Equal(49, limits.ThreadLimit);
    }

    [Fact]
    public void A_cgroup_v2_quota_of_3_5_cpus_allows_four_threads_three_helpers_and_the_caller()
    {
        sysfs.WithNodes(4, 16).WithCgroupV2("/docker/engine", cpuMax: "350000 100000");

        var limits = Read();

        Assert.Equal(4, limits.Topology.UsableCpus);
        Assert.Equal(3, limits.HelperCaps.Global);
        Assert.Equal(4, limits.ThreadLimit);
        Assert.Equal(4, Pools(limits).Length);
        Assert.Contains(limits.Caps.Decisions, d => d.Rule == CapsPolicy.CgroupQuota);
    }

    [Fact]
    public void A_cgroup_v1_cpuset_of_cpus_0_to_5_keeps_node_0_whole_node_1_in_part_and_no_pool_elsewhere()
    {
        sysfs.WithNodes(4, 4).WithCgroupV1("/engine", cpusetCpus: "0-5");

        var limits = Read();

        Assert.Equal([0, 1], Pools(limits));
        Assert.Equal([4, 5], limits.Topology.Node(1).Cpus);
        Assert.Equal(3, limits.HelperCaps.ForNode(0));
        Assert.Equal(1, limits.HelperCaps.ForNode(1));
        Assert.Equal(0, limits.HelperCaps.ForNode(2));
        Assert.Equal(4, limits.HelperCaps.Global);
    }

    [Fact]
    public void A_discharging_battery_leaves_every_job_to_its_caller()
    {
        sysfs.WithNodes(4, 16).WithPowerSupply("BAT0", "Battery", status: "Discharging");

        var limits = Read();

        Assert.Equal(0, limits.HelperCaps.Global);
        Assert.Equal(1, limits.ThreadLimit);
        Assert.Equal(EnergyDecision.OnBattery, limits.Energy.Rule);
        Assert.Contains(limits.Caps.Decisions, d => d.Rule == EnergyDecision.OnBattery);
    }

    [Fact]
    public void The_powersave_governor_leaves_every_job_to_its_caller_unless_the_energy_policy_is_off()
    {
        sysfs.WithNodes(4, 16).WithGovernor(3, "powersave");

        Assert.Equal(0, Read().HelperCaps.Global);
        Assert.Equal(48, Read(Defaults with { Energy = EnergyMode.Off }).HelperCaps.Global);
    }

    [Fact]
    public void An_offline_cpu_is_left_out_of_its_node_and_its_cap()
    {
        sysfs.WithNodes(2, 4).WithOnline("0-2,4-7");

        var limits = Read();

        Assert.Equal([0, 1, 2], limits.Topology.Node(0).Cpus);
        Assert.Equal(2, limits.HelperCaps.ForNode(0));
        Assert.Equal(3, limits.HelperCaps.ForNode(1));
    }

    [Fact]
    public void A_node_allowed_only_after_start_gets_no_cap_and_the_rule_says_why()
    {
        sysfs.WithNodes(2, 4);

        var limits = Read().WithinPools([0]);

        Assert.Equal(0, limits.HelperCaps.ForNode(1));
        Assert.Equal(3, limits.HelperCaps.Global);
        Assert.Contains(limits.Caps.Decisions, d => d.Rule == EngineLimits.NodeWithoutPool && d.Why.Contains("node(s) 1"));
    }
}
