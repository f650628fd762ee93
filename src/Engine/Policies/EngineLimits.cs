namespace Engine.Policies;

using Engine.Throttling;
using Engine.Topology;

/// <summary>
/// What the process may use now and what the engine makes of it: the topology (nodes, allowed CPUs, quota),
/// the energy decision and the caps with every rule that shaped them. Read at start and again whenever the
/// limits may have changed (cgroup, taskset, power supply).
/// </summary>
public sealed record EngineLimits(MachineTopology Topology, EnergyDecision Energy, CapsDecision Caps)
{
    /// <summary>Reads under <see cref="EngineSettings.SystemRoot"/>; a fixed <see cref="EngineSettings.Topology"/> wins over sysfs.</summary>
    public static EngineLimits Read(EngineSettings settings)
    {
        var files = new RootedSystemFiles(settings.SystemRoot);
        var topology = settings.Topology ?? new TopologyReader(files).Read();
        var energy = new EnergyPolicy(files, settings.Energy).Decide();
        return new EngineLimits(topology, energy, CapsPolicy.Decide(topology, settings.Caps, energy));
    }

    public const string NodeWithoutPool = "node-without-pool";

    public HelperCaps HelperCaps => Caps.Caps;

    /// <summary>
    /// The limits as far as the helper pools started can follow them: a node allowed only after start has no
    /// helpers to grant, so it gets no cap and the global cap stays within the pooled nodes' caps.
    /// </summary>
    public EngineLimits WithinPools(IReadOnlyCollection<int> pooledNodes)
    {
        var unpooled = Topology.Nodes.Where(n => !pooledNodes.Contains(n.Id)).Select(n => n.Id).ToArray();
        if (unpooled.Length == 0)
            return this;
        var perNode = HelperCaps.PerNode.Where(p => pooledNodes.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value);
        var caps = new HelperCaps(perNode, Math.Min(HelperCaps.Global, perNode.Values.Sum()));
        var why = $"node(s) {string.Join(", ", unpooled)} became allowed after the engine started and have no helper pool: "
            + $"no helpers there until a restart; caps {caps}";
        return this with { Caps = new CapsDecision(caps, Caps.Decisions.Append(new PolicyDecision(NodeWithoutPool, why)).ToArray()) };
    }

    /// <summary>Same caps, allowed CPUs, quota and energy rule: nothing an operator or the throttler must hear about.</summary>
    public bool SameAs(EngineLimits other) => HelperCaps.Equals(other.HelperCaps)
        && Topology.AllowedCpus.SequenceEqual(other.Topology.AllowedCpus)
        && Topology.CpuQuota == other.Topology.CpuQuota
        && Energy.Rule == other.Energy.Rule;

    /// <summary>Threads a job could have here at most: every helper the caps allow plus the submitter's lane.</summary>
    public int ThreadLimit => HelperCaps.Global + 1;
}
