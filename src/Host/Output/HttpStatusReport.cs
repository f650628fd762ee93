namespace Engine.Host.Output;

using System.Text.Json;
using System.Text.Json.Nodes;

/// <summary>`status --http`: a member's /api/members and /api/jobs, as text for people and as one JSON object.</summary>
public static class HttpStatusReport
{
    public static string Text(Uri endpoint, JsonObject members, JsonObject jobs)
    {
        var memberList = members["members"]?.AsArray() ?? [];
        var jobList = jobs["jobs"]?.AsArray() ?? [];
        var lines = new List<string> { $"{memberList.Count} member(s), as seen by {members["answered_by"]} (via {endpoint})" };
        if (members["error"]?.GetValue<string>() is { } error)
            lines.Add($"error: {error}");
        lines.AddRange(memberList.OfType<JsonObject>().Select(Member));
        lines.Add($"{jobList.Count} job(s) coordinated by {jobs["member"]}, open and recent");
        lines.AddRange(jobList.OfType<JsonObject>().Select(Job));
        return string.Join(Environment.NewLine, lines);
    }

    public static string Json(Uri endpoint, JsonObject members, JsonObject jobs) => new JsonObject
    {
        ["endpoint"] = endpoint.ToString(),
        ["members"] = members.DeepClone(),
        ["jobs"] = jobs.DeepClone(),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    private static string Member(JsonObject m)
    {
        var nodes = (m["nodes"]?.AsArray() ?? []).OfType<JsonObject>().Select(n =>
            $"{n["id"]}[{string.Join(",", (n["cpus"]?.AsArray() ?? []).Select(c => c?.ToString()))}]"
            + (n["cap"] is { } cap ? $" busy {n["busy"]}/{cap}, idle {n["idle"]}" : ""));
        var helpers = m["busy_helpers"] is { } busy
            ? $"caps global {m["global_cap"]}; busy helpers {busy}, open jobs {m["open_jobs"]}"
            : "no answer";
        var kernels = string.Join(", ", (m["kernels"]?.AsArray() ?? []).Select(k => k?.ToString()));
        return $"{m["address"]} {m["status"]}: nodes {string.Join("; ", nodes)}; {helpers}; kernels {kernels}";
    }

    private static string Job(JsonObject j)
    {
        var chunks = j["chunks"]?.GetValue<long>() ?? 0;
        var done = j["chunks_done"]?.GetValue<long>() ?? 0;
        var percent = chunks > 0 ? 100.0 * done / chunks : 0;
        return $"{j["job_id"]} {j["kernel"]} {j["state"]}: {done:N0}/{chunks:N0} chunks ({percent:0.0}%), "
               + $"{j["items_done"]?.GetValue<long>() ?? 0:N0} items, helpers {j["helpers"]} (peak {j["peak_helpers"]}), "
               + $"requeued {j["requeued"]}, failed spans {j["failed_spans"]}, {j["elapsed_s"]?.GetValue<double>() ?? 0:0.000} s"
               + (j["reason"]?.GetValue<string>() is { } reason ? $"; {reason}" : "");
    }
}
