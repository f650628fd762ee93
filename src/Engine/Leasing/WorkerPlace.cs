namespace Engine.Leasing;

using Engine.Planning;

/// <summary>
/// Where a worker runs: its machine (<see cref="Topology.MachineIdentity"/>, null if unknown) and NUMA node
/// (<see cref="NodePart.AnyNode"/> for a caller's lane, which runs on any CPU of its machine).
/// </summary>
public readonly record struct WorkerPlace(string? Machine, int Node)
{
    /// <summary>
    /// Both may run on the same CPUs: a copy of a span beside one already running there would only take CPU from it
    /// (Spark never speculates on a host that runs the task). Unknown machines share nothing.
    /// </summary>
    public bool SharesCpusWith(WorkerPlace other) => Machine is not null && Machine == other.Machine
        && (Node == other.Node || Node == NodePart.AnyNode || other.Node == NodePart.AnyNode);
}
