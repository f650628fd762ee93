namespace Engine;

using Engine.Policies;
using Engine.Topology;

/// <summary>
/// The engine's knobs (HOCON section <c>engine</c>). Their defaults live in one place, the reference configuration
/// engine.conf: <c>EngineConfig.Read</c> (src/Actors) gives them, and a test derives its settings from those with
/// <c>with { ... }</c>. Only what is not configuration (the clock, a fixed topology) has a default here.
/// </summary>
public sealed record EngineSettings
{
    /// <summary>Nice value of helper threads: 19 is MAX_NICE, the lowest priority.</summary>
    public required int HelperNice { get; init; }

    /// <summary>Helpers also run in SCHED_IDLE (<c>helper-scheduler = idle</c>).</summary>
    public required bool HelperIdleClass { get; init; }

    /// <summary>Helpers join a cgroup of their own with cpu.idle where the process's cgroup is writable (<c>helper-cgroup = auto</c>).</summary>
    public required bool HelperCgroup { get; init; }

    /// <summary>Give the process's autogroup nice 19 when it leads its own session (<c>autogroup-nice = auto</c>; the Host's default).</summary>
    public required bool DemoteOwnAutogroup { get; init; }

    /// <summary>Callers' lanes run like helpers (<c>lane-policy = helper</c>), for a process that serves submitters elsewhere.</summary>
    public required bool LanesAsHelpers { get; init; }

    /// <summary>Pin each helper thread to its node's CPUs.</summary>
    public required bool Pin { get; init; }

    /// <summary>Chunk requests a helper keeps outstanding, so the next chunk is at hand when one ends.</summary>
    public required int Prefetch { get; init; }

    /// <summary>Chunk requests a helper keeps outstanding with a coordinator on another host: enough to cover the round trip.</summary>
    public required int RemotePrefetch { get; init; }

    /// <summary>The most requests such a helper keeps outstanding once spans turn out shorter than the round trip (<see cref="Policies.RemoteRequestDepth"/>).</summary>
    public required int RemotePrefetchMax { get; init; }

    /// <summary>A span is grown until it takes about this long, so tiny chunks do not cost a message each.</summary>
    public required TimeSpan SpanTarget { get; init; }

    /// <summary>Chunks planned per work (padata's load_balance_factor, 4): higher gives finer chunks.</summary>
    public required int LoadBalanceFactor { get; init; }

    /// <summary>Chunks per thread for a job spread over a cluster's members, whose helpers start later and may be slower.</summary>
    public required int ClusterLoadBalanceFactor { get; init; }

    public required TimeSpan ProgressInterval { get; init; }

    /// <summary>Smallest chunk, in items, of a job that leaves its own at <see cref="Jobs.JobSpec.EngineMinChunk"/>.</summary>
    public required long DefaultMinChunk { get; init; }

    /// <summary>How jobs asking for <see cref="Jobs.JobSpec.AutoHelpers"/> are sized.</summary>
    public required AutoHelpersSettings AutoHelpers { get; init; }

    /// <summary>How often the topology, cgroup limits, affinity and power state are read again; zero: only at start.</summary>
    public required TimeSpan LimitsPollInterval { get; init; }

    /// <summary>When granted spans are late or starved and handed out again.</summary>
    public required Leasing.LeaseSettings Leases { get; init; }

    /// <summary>Tells how much CPU a helper thread gets; tests give a fake scheduler.</summary>
    public Threading.ISchedulerProbe Scheduler { get; init; } = Threading.ProcSchedulerProbe.Instance;

    /// <summary>Times chunks (for span sizes and automatic helper counts); tests give a fake clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Explicit caps; "auto" (null) means ktask's default of 80% of the CPUs allowed.</summary>
    public required CapsConfig Caps { get; init; }

    /// <summary>Whether battery power or the powersave governor limit jobs to their caller's lane.</summary>
    public required EnergyMode Energy { get; init; }

    /// <summary>Where sysfs, procfs and the cgroup tree are read from; tests point it at a fake tree.</summary>
    public required string SystemRoot { get; init; }

    /// <summary>The Npgsql connection string of the PostgreSQL database a cluster's members share; null for none.</summary>
    public required string? Postgres { get; init; }

    /// <summary>The split-brain resolver's strategy for a cluster member; lease-majority only with <see cref="Postgres"/>.</summary>
    public required ClusterDowning Downing { get; init; }

    /// <summary>Threads serving the submitters' lanes; 0 means one per usable CPU.</summary>
    public required int LaneThreads { get; init; }

    /// <summary>The job journal: off, or where jobs keep their ledgers so they outlive the process.</summary>
    public required JournalSettings Journal { get; init; }

    /// <summary>The id of the dispatcher the engine's own actors (coordinator, throttler, pools) run on.</summary>
    public required string ActorDispatcher { get; init; }

    /// <summary>A fixed topology (tests); null reads it under <see cref="SystemRoot"/>.</summary>
    public MachineTopology? Topology { get; init; }
}
