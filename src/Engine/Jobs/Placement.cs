namespace Engine.Jobs;

/// <summary>
/// Where a job's helpers run, as in ktask: the submitter's node, any node (helpers spread round-robin),
/// or given nodes each taking a weighted, contiguous share of the range (ktask_node).
/// A helper whose node is full or dry still works elsewhere, so placement is a preference, never a wait.
/// </summary>
public abstract record Placement
{
    public static Placement Local { get; } = new LocalNodePlacement();
    public static Placement AnyNode { get; } = new AnyNodePlacement();
    public static Placement Nodes(params NodeShare[] shares) => new NodesPlacement(shares);

    private protected Placement() { }
}

public sealed record LocalNodePlacement : Placement
{
    public override string ToString() => "local";
}

public sealed record AnyNodePlacement : Placement
{
    public override string ToString() => "any";
}

public sealed record NodesPlacement(IReadOnlyList<NodeShare> Shares) : Placement
{
    public bool Equals(NodesPlacement? other) => other is not null && Shares.SequenceEqual(other.Shares);

    public override int GetHashCode() => Shares.Aggregate(17, (h, s) => h * 31 + s.GetHashCode());

    public override string ToString() => "nodes=" + string.Join(",", Shares.Select(s => s.Weight == 1 ? $"{s.Node}" : $"{s.Node}:{s.Weight}"));
}

/// <summary>A node and its relative weight: node parts get contiguous slices of the range in proportion.</summary>
public sealed record NodeShare(int Node, int Weight = 1);
