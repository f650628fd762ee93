namespace Engine.Tests.Policies;

using Engine.Policies;
using Engine.Tests.Topology;
using Engine.Topology;

public sealed class CapsPolicyTests : IDisposable
{
    private static readonly EnergyDecision NoEnergyLimit = new(false, EnergyDecision.None, "test: no energy limit");

    private readonly FakeSysfs sysfs = new();

    public void Dispose() => sysfs.Dispose();

    private MachineTopology Topology() => new TopologyReader(sysfs.Files).Read();

    private CapsDecision Decide(CapsConfig? config = null, EnergyDecision? energy = null) =>
        CapsPolicy.Decide(Topology(), config ?? CapsConfig.Auto, energy ?? NoEnergyLimit);

    [Fact]
    public void CapsPolicy_caps_each_of_four_16_cpu_nodes_at_12_helpers()
    {
        sysfs.WithNodes(4, 16);

        var caps = Decide().Caps;

        Assert.Equal([0, 1, 2, 3], caps.PerNode.Keys.Order());
        Assert.All(caps.PerNode.Values, cap => Assert.Equal(12, cap));
        // 80% of 64 is 51 (ktask's global cap), but HelperCaps also keeps the global within the node caps' sum.
        Assert.Equal(48, caps.Global);
    }

    [Fact]
    public void CapsPolicy_caps_a_3_5_cpu_quota_at_3_helpers_beside_the_caller()
    {
        sysfs.WithNodes(1, 8).WithCgroupV2("/job", cpuMax: "350000 100000");

        var decision = Decide();

        Assert.Equal(3, decision.Caps.Global);
        Assert.Contains(decision.Decisions, d => d.Rule == CapsPolicy.CgroupQuota);
    }

    [Fact]
    public void CapsPolicy_leaves_a_single_cpu_affinity_mask_to_the_callers_lane()
    {
        sysfs.WithNodes(2, 4).WithAffinity("0");

        var decision = Decide();

        Assert.Equal(0, decision.Caps.Global);
        Assert.Equal(0, Assert.Single(decision.Caps.PerNode).Key);
        Assert.Contains(decision.Decisions, d => d.Rule == CapsPolicy.SingleUsableCpu);
    }

    [Fact]
    public void CapsPolicy_clamps_a_per_node_override_to_the_nodes_allowed_cpus()
    {
        sysfs.WithNodes(2, 4).WithCgroupV1("/batch", cpusetCpus: "0-5");

        var decision = Decide(CapsConfig.Parse("3", "auto"));

        Assert.Equal(3, decision.Caps.ForNode(0));
        Assert.Equal(2, decision.Caps.ForNode(1));
        var clamp = Assert.Single(decision.Decisions, d => d.Rule == CapsPolicy.OverrideClamped);
        Assert.Contains("node 1's 2 allowed CPUs", clamp.Why);
    }

    [Fact]
    public void CapsPolicy_clamps_a_global_override_to_the_usable_cpus()
    {
        sysfs.WithNodes(1, 8).WithCgroupV2("/job", cpuMax: "200000 100000");

        var decision = Decide(CapsConfig.Parse("auto", "6"));

        Assert.Equal(2, decision.Caps.Global);
        Assert.Contains(decision.Decisions, d => d.Rule == CapsPolicy.GlobalOverride);
        Assert.Contains(decision.Decisions, d => d.Rule == CapsPolicy.OverrideClamped && d.Why.Contains("2 usable CPUs"));
    }

    [Fact]
    public void CapsPolicy_keeps_the_global_cap_within_the_node_caps()
    {
        sysfs.WithNodes(2, 8);

        var decision = Decide(CapsConfig.Parse("2", "auto"));

        Assert.Equal(4, decision.Caps.Global);
        Assert.Contains(decision.Decisions, d => d.Rule == CapsPolicy.GlobalWithinNodeCaps);
    }

    [Fact]
    public void CapsPolicy_allows_no_helpers_when_energy_limits_jobs_to_the_caller()
    {
        sysfs.WithNodes(2, 8);
        var onBattery = new EnergyDecision(true, EnergyDecision.OnBattery, "on battery: BAT0 discharging");

        var decision = Decide(energy: onBattery);

        Assert.Equal(0, decision.Caps.Global);
        Assert.All(decision.Caps.PerNode.Values, cap => Assert.Equal(0, cap));
        Assert.Contains(decision.Decisions, d => d.Rule == EnergyDecision.OnBattery);
    }

    [Fact]
    public void CapsPolicy_explains_the_default_rule_every_time()
    {
        sysfs.WithNodes(1, 4);

        var decision = Decide();

        Assert.Equal(CapsPolicy.KtaskDefault, decision.Decisions[0].Rule);
        Assert.DoesNotContain(decision.Decisions, d => d.Rule == EnergyDecision.None);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("many")]
    [InlineData("")]
    public void CapsConfig_rejects_caps_that_are_not_auto_or_positive(string text)
    {
        var error = Assert.Throws<FormatException>(() => CapsConfig.Parse(text, "auto"));
        Assert.Contains("per-node cap", error.Message);
    }

    [Fact]
    public void CapsConfig_reads_auto_as_no_override()
    {
        Assert.Equal(new CapsConfig(null, 8), CapsConfig.Parse("AUTO", " 8 "));
    }
}
