namespace Engine.Threading;

/// <summary>
/// Where and how urgently a thread runs: its name (prefix + index), its NUMA node, the CPUs to pin it to
/// and its nice. A null <see cref="Cpus"/> or <see cref="Nice"/> leaves that setting as the thread has it,
/// which for a new thread is its creator's: pools that must not inherit a niced or pinned creator give both.
/// </summary>
public sealed record ThreadPlacement
{
    /// <summary>Linux keeps 15 bytes of a thread name (comm); longer names would be cut in <c>ps</c> and /proc.</summary>
    public const int MaxThreadNameLength = 15;

    public const int LowestPriorityNice = 19;

    public ThreadPlacement(string namePrefix, int nodeId, IReadOnlyList<int>? cpus, int? nice)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(namePrefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodeId, -1);
        if (cpus is { Count: 0 })
            throw new ArgumentException("pin to at least one CPU, or pass null to leave affinity alone", nameof(cpus));
        if (nice is < -20 or > LowestPriorityNice)
            throw new ArgumentOutOfRangeException(nameof(nice), nice, "nice runs from -20 to 19");

        NamePrefix = namePrefix;
        NodeId = nodeId;
        Cpus = cpus?.ToArray();
        Nice = nice;
    }

    public string NamePrefix { get; }

    /// <summary>The node the thread serves, or -1 for none.</summary>
    public int NodeId { get; }

    public IReadOnlyList<int>? Cpus { get; }

    public int? Nice { get; }

    /// <summary>Also put the thread in SCHED_IDLE (helpers: weaker than nice 19, no privilege needed).</summary>
    public bool IdleClass { get; init; }

    /// <summary>A cgroup v1 <c>tasks</c> file the thread writes its id to, joining a group of helpers (see <see cref="HelperCgroup"/>).</summary>
    public string? CgroupTasksFile { get; init; }

    /// <summary>The name of the index-th thread, e.g. <c>eng-n0-h3</c>; throws if Linux would cut it.</summary>
    public string ThreadName(int index)
    {
        var name = NamePrefix + index;
        if (name.Length > MaxThreadNameLength)
            throw new ArgumentException(
                $"thread name '{name}' is longer than {MaxThreadNameLength} characters; shorten the prefix '{NamePrefix}'");
        return name;
    }

    /// <summary>
    /// Names, pins, groups, nices and schedules the calling thread, in that order, and reports each call that
    /// failed. The move between cgroups takes the kernel's global cgroup lock: done while the thread still
    /// has its ordinary priority, a busy machine cannot leave the lock with a thread that gets no CPU.
    /// </summary>
    public AppliedPlacement ApplyToCurrentThread(string threadName)
    {
        var results = new List<NativeCallResult>();
        Thread.CurrentThread.Name = threadName;
        results.Add(NativeThread.SetCurrentThreadName(threadName));
        if (Cpus is not null)
            results.Add(NativeThread.SetCurrentThreadAffinity(Cpus));
        if (CgroupTasksFile is { } tasks)
            results.Add(HelperCgroup.JoinCurrentThread(tasks));
        if (Nice is { } nice)
            results.Add(NativeThread.SetCurrentThreadNice(nice));
        if (IdleClass)
            results.Add(NativeThread.SetCurrentThreadIdleClass());

        var tid = NativeThread.IsSupported ? NativeThread.CurrentThreadId() : -1;
        return new AppliedPlacement(tid, threadName, results.Where(r => !r.Succeeded).ToArray());
    }

    public bool Equals(ThreadPlacement? other) => other is not null && NamePrefix == other.NamePrefix
        && NodeId == other.NodeId && Nice == other.Nice && IdleClass == other.IdleClass && CgroupTasksFile == other.CgroupTasksFile
        && (Cpus is null ? other.Cpus is null : other.Cpus is not null && Cpus.SequenceEqual(other.Cpus));

    public override int GetHashCode() => HashCode.Combine(NamePrefix, NodeId, Nice, Cpus?.Count);

    public override string ToString() =>
        $"{NamePrefix}* node {NodeId}, cpus {(Cpus is null ? "inherited" : string.Join(",", Cpus))}, nice {(Nice?.ToString() ?? "inherited")}"
        + (IdleClass ? ", SCHED_IDLE" : "") + (CgroupTasksFile is null ? "" : $", cgroup {Path.GetDirectoryName(CgroupTasksFile)}");
}
