namespace Engine.Topology;

/// <summary>
/// What the process may use: the nodes that have at least one allowed CPU, every allowed CPU, and the
/// cgroup CPU quota (in CPUs, e.g. 3.5) when one is set. <see cref="Notes"/> says where each fact came from.
/// </summary>
public sealed record MachineTopology(
    IReadOnlyList<NumaNode> Nodes,
    IReadOnlyList<int> AllowedCpus,
    double? CpuQuota,
    IReadOnlyList<string> Notes)
{
    /// <summary>A single node holding every CPU the runtime reports: the fallback where there is no sysfs.</summary>
    public static MachineTopology SingleNode(int cpuCount, string why)
    {
        var cpus = Enumerable.Range(0, Math.Max(1, cpuCount)).ToArray();
        return new MachineTopology([new NumaNode(0, cpus)], cpus, null, [why]);
    }

    /// <summary>CPUs the process can keep busy at once: allowed CPUs, lowered by a quota (rounded up).</summary>
    public int UsableCpus => CpuQuota is { } quota
        ? Math.Max(1, Math.Min(AllowedCpus.Count, (int)Math.Ceiling(quota)))
        : Math.Max(1, AllowedCpus.Count);

    public NumaNode Node(int id) => Nodes.FirstOrDefault(n => n.Id == id)
        ?? throw new ArgumentOutOfRangeException(nameof(id), id, $"no node {id} with an allowed CPU");

    public bool HasNode(int id) => Nodes.Any(n => n.Id == id);

    /// <summary>The node of a CPU, or the first node if the CPU is unknown (e.g. it went offline).</summary>
    public int NodeOfCpu(int cpu) => Nodes.FirstOrDefault(n => n.Cpus.Contains(cpu))?.Id ?? Nodes[0].Id;
}
