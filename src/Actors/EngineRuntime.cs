namespace Engine.Actors;

using Engine.Actors.Metrics;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Policies;

/// <summary>
/// What the engine's actors in one process share, fixed at start or safe for any thread: the settings, the
/// registered kernels, the running jobs' cancellation tokens and leases, the node pools started and how helpers
/// are kept polite. The limits in force change, so they are not here: they travel as <see cref="Throttling.LimitsChanged"/>.
/// Handed to actors through their Props.
/// </summary>
public sealed class EngineRuntime(EngineSettings settings, IReadOnlyList<int> pooledNodes, HelperPoliteness politeness, EngineMetrics metrics)
{
    public EngineSettings Settings { get; } = settings;

    /// <summary>Which members share this process's machine, so a copy of a span is not run beside itself.</summary>
    public Cluster.MemberMachines Machines { get; } =
        new(Topology.MachineIdentity.Read(new Topology.RootedSystemFiles(settings.SystemRoot)));

    public KernelRegistry Kernels { get; } = new();

    /// <summary>The engine's meter and live job board (see <see cref="EngineMetrics"/>).</summary>
    public EngineMetrics Metrics { get; } = metrics;

    public JobCancellations Cancellations { get; } = new();

    /// <summary>The leases of this process's coordinators, where this process's workers claim them.</summary>
    public Leasing.SpanLeases Leases { get; } = new();

    /// <summary>Nodes that got a helper pool at start; a node allowed only later has none.</summary>
    public IReadOnlyList<int> PooledNodes { get; } = pooledNodes;

    /// <summary>How helper threads are kept polite (nice, SCHED_IDLE, cgroup, autogroup), fixed at start.</summary>
    public HelperPoliteness Politeness { get; } = politeness;

    /// <summary>Why the caps under <paramref name="limits"/> are what they are and how helpers are kept polite (which policy rules fired).</summary>
    public IReadOnlyList<PolicyDecision> DecisionsUnder(EngineLimits limits) => limits.Caps.Decisions.Concat(Politeness.Decisions).ToArray();
}
