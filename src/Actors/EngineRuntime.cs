namespace Engine.Actors;

using Engine.Jobs;
using Engine.Kernels;
using Engine.Policies;
using Engine.Throttling;
using Engine.Topology;

/// <summary>
/// What the engine's actors in one process share: the registered kernels, the running jobs' cancellation
/// tokens, the topology and caps in force, and the settings. Handed to actors through their Props.
/// </summary>
public sealed class EngineRuntime(EngineSettings settings, MachineTopology topology, HelperCaps caps, IReadOnlyList<PolicyDecision> decisions)
{
    public EngineSettings Settings { get; } = settings;

    public KernelRegistry Kernels { get; } = new();

    public JobCancellations Cancellations { get; } = new();

    public MachineTopology Topology { get; } = topology;

    public HelperCaps Caps { get; } = caps;

    /// <summary>Why the caps are what they are (which policy rules fired).</summary>
    public IReadOnlyList<PolicyDecision> Decisions { get; } = decisions;

    /// <summary>Threads a job could ever have here: every helper the caps allow plus the submitter's lane.</summary>
    public int ThreadLimit => Caps.Global + 1;
}
