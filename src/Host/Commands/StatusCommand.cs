namespace Engine.Host.Commands;

using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Akka.Actor;
using Engine.Actors.Cluster;
using Engine.Host.Cluster;

/// <summary>`status --cluster &lt;member&gt;`: the cluster's members, their NUMA nodes, caps and busy helpers.</summary>
public static class StatusCommand
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var cluster = CliOptions.ClusterAddress("Any member of the cluster (akka.tcp://engine@host:4053)");
        var hostname = CliOptions.Hostname("Address of this client that the member can reach back", "127.0.0.1");
        var json = CliOptions.Json();
        var command = new Command("status", "List a running cluster's members, their nodes, caps and busy helpers") { cluster, hostname, json };
        command.SetAction((parse, _) => Run(parse.GetValue(cluster)!, parse.GetValue(hostname)!, parse.GetValue(json),
            parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error));
        return command;
    }

    private static async Task<int> Run(Address member, string hostname, bool json, TextWriter output, TextWriter errors)
    {
        await using var client = ClientProcess.Start(hostname);
        ClusterReport report;
        try
        {
            report = await (await client.Member(member)).Ask<ClusterReport>(GetClusterReport.Instance, AnswerTimeout);
        }
        catch (Exception e) when (e is ClusterUnreachableException or AskTimeoutException)
        {
            errors.WriteLine($"error: {e.Message}");
            return 3;
        }
        output.WriteLine(json ? Json(report) : Text(report));
        return 0;
    }

    private static string Text(ClusterReport report) => string.Join(Environment.NewLine,
        new[] { $"{report.Members.Count} member(s), as seen by {report.AnsweredBy}" }.Concat(report.Members.Select(m =>
            $"{m.Address} {m.Status}: nodes {string.Join(" ", m.Nodes.Select(n => $"{n.Key}[{string.Join(",", n.Value)}]"))}; "
            + (m.Throttler is { } t
                ? $"caps {t.Caps}; busy helpers {t.RunningTotal}, idle {t.IdlePerNode.Values.Sum()}, open jobs {t.OpenJobs}"
                : "no answer")
            + $"; kernels {string.Join(", ", m.Kernels)}")));

    private static string Json(ClusterReport report) => new JsonObject
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
