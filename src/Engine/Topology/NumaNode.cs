namespace Engine.Topology;

/// <summary>A NUMA node and the CPUs of it this process may use (online, in the cpuset and the affinity mask).</summary>
public sealed record NumaNode(int Id, IReadOnlyList<int> Cpus)
{
    public bool Equals(NumaNode? other) => other is not null && Id == other.Id && Cpus.SequenceEqual(other.Cpus);

    public override int GetHashCode() => HashCode.Combine(Id, Cpus.Count);
}
