namespace Engine;

using Engine.Policies;
using Engine.Topology;

/// <summary>
/// The engine's knobs (HOCON section <c>engine</c>; see engine.conf for the documented defaults).
/// </summary>
public sealed record EngineSettings
{
    /// <summary>Nice value of helper threads: 19 is MAX_NICE, the lowest priority.</summary>
    public int HelperNice { get; init; } = 19;

    /// <summary>Helpers also run in SCHED_IDLE (<c>helper-scheduler = idle</c>).</summary>
    public bool HelperIdleClass { get; init; } = true;

    /// <summary>Helpers join a cgroup of their own with cpu.idle where the process's cgroup is writable (<c>helper-cgroup = auto</c>).</summary>
    public bool HelperCgroup { get; init; } = true;

    /// <summary>Give the process's autogroup nice 19 when it leads its own session (<c>autogroup-nice = auto</c>; the Host's default).</summary>
    public bool DemoteOwnAutogroup { get; init; }

    /// <summary>Callers' lanes run like helpers (<c>lane-policy = helper</c>), for a process that serves submitters elsewhere.</summary>
    public bool LanesAsHelpers { get; init; }

    /// <summary>Pin each helper thread to its node's CPUs.</summary>
    public bool Pin { get; init; } = true;

    /// <summary>Chunk requests a helper keeps outstanding, so the next chunk is at hand when one ends.</summary>
    public int Prefetch { get; init; } = 2;

    /// <summary>Chunk requests a helper keeps outstanding with a coordinator on another host: enough to cover the round trip.</summary>
    public int RemotePrefetch { get; init; } = 2;

    /// <summary>A span is grown until it takes about this long, so tiny chunks do not cost a message each.</summary>
    public TimeSpan SpanTarget { get; init; } = TimeSpan.FromMilliseconds(1);

    /// <summary>Chunks planned per work (padata's load_balance_factor, 4): higher gives finer chunks.</summary>
    public int LoadBalanceFactor { get; init; } = Planning.ChunkPlanner.LoadBalanceFactor;

    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Smallest chunk, in items, of a job that leaves its own at <see cref="Jobs.JobSpec.EngineMinChunk"/>.</summary>
    public long DefaultMinChunk { get; init; } = 1;

    /// <summary>How jobs asking for <see cref="Jobs.JobSpec.AutoHelpers"/> are sized.</summary>
    public AutoHelpersSettings AutoHelpers { get; init; } = AutoHelpersSettings.Default;

    /// <summary>How often the topology, cgroup limits, affinity and power state are read again; zero: only at start.</summary>
    public TimeSpan LimitsPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>When granted spans are late or starved and handed out again.</summary>
    public Leasing.LeaseSettings Leases { get; init; } = Leasing.LeaseSettings.Default;

    /// <summary>Tells how much CPU a helper thread gets; tests give a fake scheduler.</summary>
    public Threading.ISchedulerProbe Scheduler { get; init; } = Threading.ProcSchedulerProbe.Instance;

    /// <summary>Times chunks (for span sizes and automatic helper counts); tests give a fake clock.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Explicit caps; "auto" (null) means ktask's default of 80% of the CPUs allowed.</summary>
    public CapsConfig Caps { get; init; } = CapsConfig.Auto;

    /// <summary>Whether battery power or the powersave governor limit jobs to their caller's lane.</summary>
    public EnergyMode Energy { get; init; } = EnergyMode.Auto;

    /// <summary>Where sysfs, procfs and the cgroup tree are read from; tests point it at a fake tree.</summary>
    public string SystemRoot { get; init; } = "/";

    /// <summary>Threads serving the submitters' lanes; 0 means one per usable CPU.</summary>
    public int LaneThreads { get; init; }

    /// <summary>A fixed topology (tests); null reads it under <see cref="SystemRoot"/>.</summary>
    public MachineTopology? Topology { get; init; }
}
