namespace Engine.Actors;

using Engine.Actors.Metrics;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Policies;
using Engine.Throttling;
using Engine.Topology;

/// <summary>
/// What the engine's actors in one process share: the registered kernels, the running jobs' cancellation
/// tokens, the settings, the node pools started, and the limits in force (re-read by the LimitsWatcher).
/// Handed to actors through their Props.
/// </summary>
public sealed class EngineRuntime(EngineSettings settings, EngineLimits limits, HelperPoliteness politeness, EngineMetrics metrics)
{
    private volatile EngineLimits _limits = limits;

    public EngineSettings Settings { get; } = settings;

    public KernelRegistry Kernels { get; } = new();

    /// <summary>The engine's meter and live job board (see <see cref="EngineMetrics"/>).</summary>
    public EngineMetrics Metrics { get; } = metrics;

    public JobCancellations Cancellations { get; } = new();

    /// <summary>The leases of this process's coordinators, where this process's workers claim them.</summary>
    public Leasing.SpanLeases Leases { get; } = new();

    /// <summary>Nodes that got a helper pool at start; a node allowed only later has none.</summary>
    public IReadOnlyList<int> PooledNodes { get; } = limits.Topology.Nodes.Select(n => n.Id).ToArray();

    public EngineLimits Limits => _limits;

    /// <summary>How helper threads are kept polite (nice, SCHED_IDLE, cgroup, autogroup), fixed at start.</summary>
    public HelperPoliteness Politeness { get; } = politeness;

    public MachineTopology Topology => _limits.Topology;

    public HelperCaps Caps => _limits.HelperCaps;

    /// <summary>Why the caps are what they are and how helpers are kept polite (which policy rules fired).</summary>
    public IReadOnlyList<PolicyDecision> Decisions => _limits.Caps.Decisions.Concat(Politeness.Decisions).ToArray();

    /// <summary>Threads a job could ever have here: every helper the caps allow plus the submitter's lane.</summary>
    public int ThreadLimit => _limits.ThreadLimit;

    /// <summary>Only the LimitsWatcher calls this; readers on other threads see either the old or the new limits whole.</summary>
    internal void Update(EngineLimits limits) => _limits = limits;
}
