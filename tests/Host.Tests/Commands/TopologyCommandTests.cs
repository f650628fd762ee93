namespace Host.Tests.Commands;

using System.Text.Json.Nodes;
using Engine.Tests.Topology;
using Host.Tests.Support;

/// <summary>`topology --json` reads the machine the way a starting engine does, here a fake one under ENGINE_SYSTEM_ROOT.</summary>
public sealed class TopologyCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly FakeSysfs _sysfs = new();

    public void Dispose() => _sysfs.Dispose();

    private async Task<JsonObject> Topology(params (string Name, string Value)[] environment)
    {
        var variables = environment.ToDictionary(e => e.Name, e => e.Value);
        variables["ENGINE_SYSTEM_ROOT"] = _sysfs.Root;
        using var host = HostProcess.Start(variables, "topology", "--json");
        Assert.Equal(0, await host.Exit(Timeout));
        await host.WaitFor("^\\{", Timeout);
        return JsonNode.Parse(host.Output.Split(Environment.NewLine).Single(l => l.StartsWith('{')))!.AsObject();
    }

    [Fact]
    public async Task Topology_reports_nodes_allowed_cpus_caps_and_the_rules_that_fired_politeness_included()
    {
        _sysfs.WithNodes(4, 16).WithCgroupV2("/docker/engine", cpuMax: "350000 100000");

        var report = await Topology();

        Assert.Equal(4, report["nodes"]!.AsArray().Count);
        Assert.Equal(16, report["nodes"]![3]!["cpus"]!.AsArray().Count);
        Assert.Equal(64, report["allowed_cpus"]!.AsArray().Count);
        Assert.Equal(3.5, report["cgroup"]!["cpu_quota"]!.GetValue<double>());
        Assert.Equal(3, report["caps"]!["global"]!.GetValue<int>());
        Assert.Equal(12, report["caps"]!["per_node"]!["2"]!.GetValue<int>());
        var rules = report["decisions"]!.AsArray().Select(d => d!["rule"]!.GetValue<string>()).ToArray();
        Assert.Contains("ktask-default", rules);
        Assert.Contains("cgroup-quota", rules);
        Assert.Contains("helper-nice", rules);
        Assert.Contains("helper-sched-idle", rules);
        Assert.Contains("helper-cgroup", rules);
    }

    [Fact]
    public async Task Topology_says_which_energy_rule_fired_and_follows_a_cap_set_in_the_environment()
    {
        _sysfs.WithNodes(2, 4).WithPowerSupply("AC", "Mains", online: "0");

        var onBattery = await Topology();
        var energyOff = await Topology(("ENGINE_ENERGY_POLICY", "off"), ("ENGINE_CAPS_GLOBAL", "2"));

        Assert.Equal("on-battery", onBattery["energy"]!["rule"]!.GetValue<string>());
        Assert.Equal(0, onBattery["caps"]!["global"]!.GetValue<int>());
        Assert.Equal(2, energyOff["caps"]!["global"]!.GetValue<int>());
        Assert.Contains(energyOff["decisions"]!.AsArray(), d => d!["rule"]!.GetValue<string>() == "global-override");
    }

    [Fact]
    public async Task Topology_names_a_bad_setting_and_exits_with_2()
    {
        using var host = HostProcess.Start(new Dictionary<string, string> { ["ENGINE_CAPS_PER_NODE"] = "lots" }, "topology");

        Assert.Equal(2, await host.Exit(Timeout));
        await host.WaitFor("error: ENGINE_CAPS_PER_NODE=lots: engine.caps.per-node: must be .auto. or a whole number of at least 1, was .lots.", Timeout);
    }
}
