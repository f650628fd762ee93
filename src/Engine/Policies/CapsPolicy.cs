namespace Engine.Policies;

using System.Globalization;
using Engine.Throttling;
using Engine.Topology;

/// <summary>
/// Turns the topology, the configured caps and the energy decision into the helper caps to enforce,
/// recording each rule that fired. Caps count helpers only: the caller's own lane always runs.
/// </summary>
public static class CapsPolicy
{
    public const string KtaskDefault = "ktask-default";
    public const string CgroupQuota = "cgroup-quota";
    public const string PerNodeOverride = "per-node-override";
    public const string GlobalOverride = "global-override";
    public const string OverrideClamped = "override-clamped";
    public const string GlobalWithinNodeCaps = "global-within-node-caps";
    public const string SingleUsableCpu = "single-usable-cpu";

    public static CapsDecision Decide(MachineTopology topology, CapsConfig config, EnergyDecision energy)
    {
        var decisions = new List<PolicyDecision>();
        var defaults = HelperCaps.FromTopology(topology);
        decisions.Add(new(KtaskDefault,
            $"80% of each node's allowed CPUs, rounded down, at least 1 ({Describe(defaults.PerNode, topology)}); "
            + $"global {defaults.Global}: 80% of {topology.UsableCpus} usable CPUs, at most the node caps' sum"));
        if (topology.CpuQuota is { } quota && topology.UsableCpus < topology.AllowedCpus.Count)
            decisions.Add(new(CgroupQuota,
                $"cgroup quota of {quota.ToString("0.###", CultureInfo.InvariantCulture)} CPUs leaves {topology.UsableCpus} "
                + $"of {topology.AllowedCpus.Count} allowed CPUs usable"));

        var perNode = config.PerNode is { } nodeCap ? ClampedPerNode(topology, nodeCap, decisions) : defaults.PerNode;
        var global = config.Global is { } globalCap ? ClampedGlobal(topology, globalCap, decisions) : defaults.Global;
        if (config.Global is null && topology.UsableCpus == 1)
        {
            // ktask's "at least one" would put a helper beside the caller on the only CPU: two threads taking turns.
            decisions.Add(new(SingleUsableCpu, "only 1 usable CPU: each job's caller lane uses it, no helpers (global cap 0)"));
            global = 0;
        }
        var nodeCapSum = perNode.Values.Sum();
        if (global > nodeCapSum)
        {
            decisions.Add(new(GlobalWithinNodeCaps, $"global cap {global} is above the node caps' sum {nodeCapSum}: lowered to {nodeCapSum}"));
            global = nodeCapSum;
        }

        if (energy.LimitToCaller)
        {
            decisions.Add(new(energy.Rule, $"{energy.Why}: no helpers, each job runs on its caller's thread only"));
            return new CapsDecision(new HelperCaps(perNode.ToDictionary(p => p.Key, _ => 0), 0), decisions);
        }
        if (energy.Rule != EnergyDecision.None)
            decisions.Add(new(energy.Rule, energy.Why));
        return new CapsDecision(new HelperCaps(perNode, global), decisions);
    }

    private static Dictionary<int, int> ClampedPerNode(MachineTopology topology, int cap, List<PolicyDecision> decisions)
    {
        decisions.Add(new(PerNodeOverride, $"per-node cap {cap} set by config"));
        foreach (var node in topology.Nodes.Where(n => cap > n.Cpus.Count))
            decisions.Add(new(OverrideClamped,
                $"per-node cap {cap} is above node {node.Id}'s {node.Cpus.Count} allowed CPUs: clamped to {node.Cpus.Count}"));
        return topology.Nodes.ToDictionary(n => n.Id, n => Math.Min(cap, n.Cpus.Count));
    }

    private static int ClampedGlobal(MachineTopology topology, int cap, List<PolicyDecision> decisions)
    {
        decisions.Add(new(GlobalOverride, $"global cap {cap} set by config"));
        if (cap <= topology.UsableCpus)
            return cap;
        decisions.Add(new(OverrideClamped, $"global cap {cap} is above the {topology.UsableCpus} usable CPUs: clamped to {topology.UsableCpus}"));
        return topology.UsableCpus;
    }

    private static string Describe(IReadOnlyDictionary<int, int> perNode, MachineTopology topology) =>
        string.Join(", ", topology.Nodes.Select(n => $"node {n.Id}: {perNode.GetValueOrDefault(n.Id)} of {n.Cpus.Count}"));
}
