namespace Engine.Jobs;

using Engine.Kernels;
using Engine.Topology;

/// <summary>
/// Rejects a bad job before anything starts, naming the field and the value, so the submitter can fix it
/// and the engine goes on serving other jobs.
/// </summary>
public static class JobSpecValidator
{
    /// <summary>Returns the kernel to run; throws <see cref="JobSpecException"/> otherwise.</summary>
    public static IChunkKernel Validate(JobSpec? spec, KernelRegistry kernels, MachineTopology topology)
    {
        if (spec is null)
            throw new JobSpecException("spec", "no job given");
        if (string.IsNullOrWhiteSpace(spec.Kernel))
            throw new JobSpecException("kernel", "a kernel name is required");
        if (spec.Start < 0)
            throw new JobSpecException("start", $"must be >= 0, was {spec.Start}");
        if (spec.Size < 0)
            throw new JobSpecException("size", $"must be >= 0, was {spec.Size}");
        if (spec.Start > long.MaxValue - spec.Size)
            throw new JobSpecException("size", $"start {spec.Start} + size {spec.Size} overflows a 64-bit range");
        if (spec.Align < 1)
            throw new JobSpecException("align", $"must be >= 1, was {spec.Align}");
        if (spec.MinChunk < 0)
            throw new JobSpecException("minChunk",
                $"must be >= 1, or {JobSpec.EngineMinChunk} for the engine's default-min-chunk, was {spec.MinChunk}");
        if (spec.MaxHelpers < 0)
            throw new JobSpecException("maxHelpers",
                $"must be >= 1 (1 = the caller's lane alone) or {JobSpec.AutoHelpers} (auto), was {spec.MaxHelpers}");
        if (spec.Timeout is { } timeout && timeout <= TimeSpan.Zero)
            throw new JobSpecException("timeout", $"must be positive, was {timeout}");
        if (spec.Placement is null)
            throw new JobSpecException("placement", "is required (local, any or given nodes)");
        if (spec.Placement is NodesPlacement nodes)
            ValidateNodes(nodes, topology);
        var kernel = kernels.Get(spec.Kernel);
        kernel.Validate(spec);
        return kernel;
    }

    private static void ValidateNodes(NodesPlacement placement, MachineTopology topology)
    {
        if (placement.Shares is null || placement.Shares.Count == 0)
            throw new JobSpecException("placement.nodes", "names no node");
        var seen = new HashSet<int>();
        for (var i = 0; i < placement.Shares.Count; i++)
        {
            var share = placement.Shares[i];
            var field = $"placement.nodes[{i}]";
            if (share is null)
                throw new JobSpecException(field, "is null");
            if (!topology.HasNode(share.Node))
                throw new JobSpecException(field,
                    $"node {share.Node} does not exist or has no allowed CPU (nodes: {string.Join(", ", topology.Nodes.Select(n => n.Id))})");
            if (share.Weight < 1)
                throw new JobSpecException(field, $"weight must be >= 1, was {share.Weight}");
            if (!seen.Add(share.Node))
                throw new JobSpecException(field, $"node {share.Node} is named twice");
        }
    }
}
