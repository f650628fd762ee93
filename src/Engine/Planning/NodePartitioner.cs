namespace Engine.Planning;

using Engine.Jobs;

/// <summary>
/// Turns a placement into node parts (ktask_node): a given-nodes placement cuts the chunk sequence into
/// contiguous slices in proportion to the weights; local and any-node placements are one part.
/// </summary>
public static class NodePartitioner
{
    public static IReadOnlyList<NodePart> Partition(ChunkPlan plan, Placement placement, int localNode) => placement switch
    {
        LocalNodePlacement => [new NodePart(localNode, 0, plan.ChunkCount)],
        NodesPlacement nodes => Weighted(plan.ChunkCount, nodes.Shares),
        _ => [new NodePart(NodePart.AnyNode, 0, plan.ChunkCount)],
    };

    private static NodePart[] Weighted(long chunks, IReadOnlyList<NodeShare> shares)
    {
        var total = (Int128)shares.Sum(s => (long)s.Weight);
        var parts = new NodePart[shares.Count];
        long cumulative = 0, first = 0;
        for (var i = 0; i < shares.Count; i++)
        {
            cumulative += shares[i].Weight;
            var end = (long)(chunks * cumulative / total);
            parts[i] = new NodePart(shares[i].Node, first, end);
            first = end;
        }
        return parts;
    }
}
