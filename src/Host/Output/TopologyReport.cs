namespace Engine.Host.Output;

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Policies;
using Engine.Topology;

/// <summary>The `topology` command's figures, as text for people and as one JSON object for scripts.</summary>
/// <param name="Politeness">The helper politeness layers in force (nice, SCHED_IDLE, cgroup, autogroup) and why.</param>
public sealed record TopologyReport(EngineSettings Settings, EngineLimits Limits, CgroupCpuLimits Cgroup, HelperPoliteness Politeness)
{
    public string ToText()
    {
        var topology = Limits.Topology;
        var caps = Limits.HelperCaps;
        var lines = new List<string>
        {
            $"system root: {Settings.SystemRoot}",
            $"allowed CPUs: {CpuList.Format(topology.AllowedCpus)} ({topology.AllowedCpus.Count}); usable at once: {topology.UsableCpus}",
        };
        lines.AddRange(topology.Nodes.Select(n =>
            $"node {n.Id}: CPUs {CpuList.Format(n.Cpus)} ({n.Cpus.Count}), helper cap {caps.ForNode(n.Id)}"));
        lines.Add($"cgroup: quota {(Cgroup.CpuQuota is { } q ? q.ToString("0.###", CultureInfo.InvariantCulture) + " CPUs" : "none")}, "
            + $"cpuset {(Cgroup.Cpuset is { } set ? CpuList.Format(set) : "none")}");
        lines.Add($"caps: global {caps.Global} helpers (+ each job's caller lane), per node {string.Join(", ", caps.PerNode.OrderBy(p => p.Key).Select(p => $"{p.Key}:{p.Value}"))}");
        lines.Add($"helpers: nice {Settings.HelperNice}, {(Settings.Pin ? "pinned to their node's CPUs" : "not pinned")}");
        lines.Add($"energy: {Limits.Energy.Rule}: {Limits.Energy.Why}{(Limits.Energy.LimitToCaller ? " (jobs run on their caller's lane only)" : "")}");
        lines.AddRange(Limits.Caps.Decisions.Concat(Politeness.Decisions).Select(d => $"policy {d.Rule}: {d.Why}"));
        lines.AddRange(topology.Notes.Select(n => $"note: {n}"));
        return string.Join(Environment.NewLine, lines);
    }

    public string ToJson()
    {
        var topology = Limits.Topology;
        var caps = Limits.HelperCaps;
        return new JsonObject
        {
            ["system_root"] = Settings.SystemRoot,
            ["nodes"] = new JsonArray(topology.Nodes.Select(n => (JsonNode)new JsonObject
            {
                ["id"] = n.Id,
                ["cpus"] = Ints(n.Cpus),
                ["helper_cap"] = caps.ForNode(n.Id),
            }).ToArray()),
            ["allowed_cpus"] = Ints(topology.AllowedCpus),
            ["usable_cpus"] = topology.UsableCpus,
            ["cgroup"] = new JsonObject
            {
                ["cpu_quota"] = Cgroup.CpuQuota,
                ["cpuset"] = Cgroup.Cpuset is { } set ? Ints(set) : null,
                ["notes"] = Strings(Cgroup.Notes),
            },
            ["caps"] = new JsonObject
            {
                ["per_node"] = new JsonObject(caps.PerNode.OrderBy(p => p.Key)
                    .Select(p => KeyValuePair.Create(p.Key.ToString(CultureInfo.InvariantCulture), (JsonNode?)p.Value))),
                ["global"] = caps.Global,
            },
            ["helpers"] = new JsonObject { ["nice"] = Settings.HelperNice, ["pin"] = Settings.Pin },
            ["energy"] = new JsonObject
            {
                ["limit_to_caller"] = Limits.Energy.LimitToCaller,
                ["rule"] = Limits.Energy.Rule,
                ["why"] = Limits.Energy.Why,
            },
            ["decisions"] = new JsonArray(Limits.Caps.Decisions.Concat(Politeness.Decisions)
                .Select(d => (JsonNode)new JsonObject { ["rule"] = d.Rule, ["why"] = d.Why }).ToArray()),
            ["notes"] = Strings(topology.Notes),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static JsonArray Ints(IEnumerable<int> values) => new(values.Select(v => (JsonNode)v).ToArray());

    private static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
