namespace Engine.Host.Output;

using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Actors.Cluster;

/// <summary>`status`: a cluster's members, nodes, caps and busy helpers, as text for people and as one JSON object.</summary>
public static class StatusReport
{
    public static string Text(ClusterReport report) => string.Join(Environment.NewLine,
        new[] { $"{report.Members.Count} member(s), as seen by {report.AnsweredBy}" }.Concat(report.Members.Select(m =>
            $"{m.Address} {m.Status}: nodes {string.Join(" ", m.Nodes.Select(n => $"{n.Key}[{string.Join(",", n.Value)}]"))}; "
            + (m.Throttler is { } t
                ? $"caps {t.Caps}; busy helpers {t.RunningTotal}, idle {t.IdlePerNode.Values.Sum()}, open jobs {t.OpenJobs}"
                : "no answer")
            + $"; kernels {string.Join(", ", m.Kernels)}")));

    public static string Json(ClusterReport report) => new JsonObject
    {
        ["answered_by"] = report.AnsweredBy,
        ["members"] = new JsonArray(report.Members.Select(m => (JsonNode)new JsonObject
        {
            ["address"] = m.Address,
            ["status"] = m.Status,
            ["nodes"] = new JsonArray(m.Nodes.Select(n => (JsonNode)new JsonObject
            {
                ["id"] = n.Key,
                ["cpus"] = new JsonArray(n.Value.Select(c => (JsonNode)c).ToArray()),
            }).ToArray()),
            ["kernels"] = new JsonArray(m.Kernels.Select(k => (JsonNode)k).ToArray()),
            ["caps"] = m.Throttler is { } t ? new JsonObject
            {
                ["global"] = t.Caps.Global,
                ["per_node"] = new JsonObject(t.Caps.PerNode.Select(p => KeyValuePair.Create(p.Key.ToString(), (JsonNode?)p.Value))),
            } : null,
            ["busy_helpers"] = m.Throttler?.RunningTotal,
            ["idle_helpers"] = m.Throttler?.IdlePerNode.Values.Sum(),
            ["open_jobs"] = m.Throttler?.OpenJobs,
        }).ToArray()),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
