namespace Engine.Throttling;

using Engine.Topology;

/// <summary>
/// Limits on helpers running at once (ktask_rlim): per node and in total. Caps bind helpers only;
/// every job also has its submitter's lane, which no cap counts, so every job makes progress.
/// </summary>
public sealed record HelperCaps(IReadOnlyDictionary<int, int> PerNode, int Global)
{
    public const double DefaultFraction = 0.8;

    public int ForNode(int node) => PerNode.TryGetValue(node, out var cap) ? cap : 0;

    /// <summary>
    /// ktask's default: 80% of each node's allowed CPUs per node, 80% of the usable CPUs (after the cgroup
    /// quota) in total, rounded down, at least one each.
    /// </summary>
    public static HelperCaps FromTopology(MachineTopology topology, double fraction = DefaultFraction) =>
        new(topology.Nodes.ToDictionary(n => n.Id, n => Fraction(n.Cpus.Count, fraction)),
            Math.Min(Fraction(topology.UsableCpus, fraction), topology.Nodes.Sum(n => Fraction(n.Cpus.Count, fraction))));

    private static int Fraction(int cpus, double fraction) => Math.Max(1, (int)Math.Floor(cpus * fraction + 1e-9));

    public bool Equals(HelperCaps? other) => other is not null && Global == other.Global
        && PerNode.Count == other.PerNode.Count && PerNode.All(p => other.ForNode(p.Key) == p.Value);

    public override int GetHashCode() => HashCode.Combine(Global, PerNode.Count);

    public override string ToString() =>
        $"global {Global}, per node {string.Join(", ", PerNode.OrderBy(p => p.Key).Select(p => $"{p.Key}:{p.Value}"))}";
}
