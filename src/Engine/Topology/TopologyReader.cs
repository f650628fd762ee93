namespace Engine.Topology;

using System.Globalization;

/// <summary>
/// Reads what the process may use now: NUMA nodes from sysfs, narrowed to CPUs that are online, in the
/// cgroup cpuset and in the affinity mask, plus the cgroup quota. Holds no state, so calling
/// <see cref="Read"/> again follows hotplug, cgroup and taskset changes.
/// </summary>
public sealed class TopologyReader(ISystemFiles files)
{
    public const string NodeRoot = "/sys/devices/system/node";
    public const string OnlineCpus = "/sys/devices/system/cpu/online";

    /// <summary>
    /// The thread-group leader's status: its affinity is what taskset set for the process, unlike the
    /// calling thread's, which may be pinned to one CPU by the engine itself.
    /// </summary>
    public const string ProcSelfStatus = "/proc/self/status";

    public MachineTopology Read()
    {
        var notes = new List<string>();
        var nodeCpus = ReadNodes(notes);
        if (nodeCpus.Count == 0)
            return MachineTopology.SingleNode(Environment.ProcessorCount,
                $"no {NodeRoot}/node* or {OnlineCpus}: one node of {Environment.ProcessorCount} CPUs (Environment.ProcessorCount)");

        var online = ReadOnline(nodeCpus, notes);
        var affinity = ReadAffinity(notes);
        var cgroup = new CgroupCpuLimitsReader(files).Read();
        notes.AddRange(cgroup.Notes);

        var nodes = new List<NumaNode>();
        foreach (var (id, cpus) in nodeCpus)
        {
            var allowed = cpus.Where(online.Contains).ToHashSet();
            NoteExcluded(notes, cpus.Where(c => !online.Contains(c)), "offline");
            Narrow(allowed, cgroup.Cpuset, "outside the cgroup cpuset", notes);
            Narrow(allowed, affinity, "outside the affinity mask", notes);
            if (allowed.Count == 0)
            {
                notes.Add($"node {id} left out: none of its CPUs {CpuList.Format(cpus)} is allowed");
                continue;
            }
            nodes.Add(new NumaNode(id, allowed.Order().ToArray()));
        }
        if (nodes.Count == 0)
            return MachineTopology.SingleNode(Environment.ProcessorCount,
                $"no node has an allowed CPU ({string.Join("; ", notes)}): one node of {Environment.ProcessorCount} CPUs (Environment.ProcessorCount)");

        return new MachineTopology(nodes, nodes.SelectMany(n => n.Cpus).Order().ToArray(), cgroup.CpuQuota, notes);
    }

    /// <summary>Each node's CPUs by node id; a kernel without NUMA sysfs gets node 0 = the online CPUs.</summary>
    private SortedDictionary<int, IReadOnlyList<int>> ReadNodes(List<string> notes)
    {
        var nodes = new SortedDictionary<int, IReadOnlyList<int>>();
        foreach (var entry in files.ListEntries(NodeRoot))
        {
            if (!entry.StartsWith("node", StringComparison.Ordinal)
                || !int.TryParse(entry.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                continue;
            var path = $"{NodeRoot}/{entry}/cpulist";
            var cpus = CpuList.Parse(files.ReadText(path) ?? "", path);
            notes.Add($"node {id}: CPUs {CpuList.Format(cpus)} ({path})");
            nodes[id] = cpus;
        }
        if (nodes.Count == 0 && files.ReadText(OnlineCpus) is { } online)
        {
            nodes[0] = CpuList.Parse(online, OnlineCpus);
            notes.Add($"no {NodeRoot}/node*: node 0 holds the online CPUs");
        }
        return nodes;
    }

    private HashSet<int> ReadOnline(SortedDictionary<int, IReadOnlyList<int>> nodeCpus, List<string> notes)
    {
        if (files.ReadText(OnlineCpus) is { } text)
        {
            var online = CpuList.Parse(text, OnlineCpus);
            notes.Add($"online CPUs {CpuList.Format(online)} ({OnlineCpus})");
            return online.ToHashSet();
        }
        notes.Add($"no {OnlineCpus}: every node CPU counts as online");
        return nodeCpus.Values.SelectMany(c => c).ToHashSet();
    }

    private IReadOnlyList<int>? ReadAffinity(List<string> notes)
    {
        const string field = "Cpus_allowed_list:";
        var line = files.ReadText(ProcSelfStatus)?
            .Split('\n')
            .FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        if (line is null)
        {
            notes.Add($"no Cpus_allowed_list in {ProcSelfStatus}: no affinity mask applied");
            return null;
        }
        var cpus = CpuList.Parse(line[field.Length..], $"{ProcSelfStatus} Cpus_allowed_list");
        notes.Add($"affinity mask {CpuList.Format(cpus)} ({ProcSelfStatus} Cpus_allowed_list)");
        return cpus;
    }

    private static void Narrow(HashSet<int> allowed, IReadOnlyList<int>? limit, string reason, List<string> notes)
    {
        if (limit is null)
            return;
        var permitted = limit.ToHashSet();
        var excluded = allowed.Where(c => !permitted.Contains(c)).ToArray();
        allowed.ExceptWith(excluded);
        NoteExcluded(notes, excluded, reason);
    }

    private static void NoteExcluded(List<string> notes, IEnumerable<int> cpus, string reason)
    {
        var list = cpus.ToArray();
        if (list.Length > 0)
            notes.Add($"{(list.Length == 1 ? "cpu" : "cpus")} {CpuList.Format(list)} {reason}");
    }
}
