namespace Engine.Host.Output;

using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Host.Bench;

/// <summary>`bench cluster`'s figures as text for people and as one JSON object for scripts.</summary>
public static class ClusterBenchOutput
{
    public static string Text(ClusterBenchReport r)
    {
        var rows = new (string Figure, string Plain, string Tls)[]
        {
            ("remote dispatch in spans, chunks/s", $"{r.RemoteChunksPerSecond:N0}", $"{r.TlsRemoteChunksPerSecond:N0}"),
            ("remote dispatch in spans, spans/s", $"{r.RemoteSpansPerSecond:N0}", $"{r.TlsRemoteSpansPerSecond:N0}"),
            ("remote dispatch, one chunk per message, chunks/s", $"{r.RemoteMessagesPerSecond:N0}", $"{r.TlsRemoteMessagesPerSecond:N0}"),
            ($"hash {SizeText.Format(r.HashBytes)} on {r.Members} members, s", $"{r.ClusterSeconds:0.000}", $"{r.TlsClusterSeconds:0.000}"),
            ($"  against one process ({r.SingleProcessSeconds:0.000} s)", $"{r.ClusterRatio:0.000}", $"{r.TlsClusterRatio:0.000}"),
            ("  digest against one process", r.SameDigest ? "equal" : "DIFFERS", r.TlsSameDigest ? "equal" : "DIFFERS"),
        };
        var width = rows.Max(row => row.Figure.Length);
        string Row(string figure, string plain, string tls) => $"{figure.PadRight(width)}  {plain,12}  {tls,12}";
        return string.Join(Environment.NewLine, [
            Row("", "plain TCP", "mutual TLS"),
            .. rows.Select(row => Row(row.Figure, row.Plain, row.Tls)),
            $"{r.RemoteChunks:N0} chunks ran on the remote member in spans; at one chunk per message ({r.DispatchChunks:N0}-chunk job) the coordinator served {r.CoordinatorChunksPerSecond:N0} chunks/s to all its workers",
            $"per chunk at one chunk per message: {r.MessagesPerChunk} messages, {r.GrantBytes} + {r.DoneBytes} payload bytes, coordinator CPU {r.CoordinatorCpuMicrosPerChunk:0.0} us, whole process {r.ProcessCpuMicrosPerChunk:0.0} us",
        ]);
    }

    public static string Json(ClusterBenchReport r) => new JsonObject
    {
        ["cpus"] = r.Cpus,
        ["dispatch_chunks"] = r.DispatchChunks,
        ["remote_chunks"] = r.RemoteChunks,
        ["remote_chunks_per_s"] = Math.Round(r.RemoteChunksPerSecond),
        ["remote_spans_per_s"] = Math.Round(r.RemoteSpansPerSecond),
        ["remote_messages_per_s"] = Math.Round(r.RemoteMessagesPerSecond),
        ["coordinator_chunks_per_s"] = Math.Round(r.CoordinatorChunksPerSecond),
        ["messages_per_chunk"] = r.MessagesPerChunk,
        ["grant_bytes"] = r.GrantBytes,
        ["done_bytes"] = r.DoneBytes,
        ["coordinator_cpu_us_per_chunk"] = Math.Round(r.CoordinatorCpuMicrosPerChunk, 2),
        ["process_cpu_us_per_chunk"] = Math.Round(r.ProcessCpuMicrosPerChunk, 2),
        ["members"] = r.Members,
        ["hash_bytes"] = r.HashBytes,
        ["single_process_s"] = Math.Round(r.SingleProcessSeconds, 4),
        ["cluster_s"] = Math.Round(r.ClusterSeconds, 4),
        ["cluster_ratio"] = Math.Round(r.ClusterRatio, 4),
        ["same_digest"] = r.SameDigest,
        ["tls_remote_chunks_per_s"] = Math.Round(r.TlsRemoteChunksPerSecond),
        ["tls_remote_spans_per_s"] = Math.Round(r.TlsRemoteSpansPerSecond),
        ["tls_remote_messages_per_s"] = Math.Round(r.TlsRemoteMessagesPerSecond),
        ["tls_cluster_s"] = Math.Round(r.TlsClusterSeconds, 4),
        ["tls_cluster_ratio"] = Math.Round(r.TlsClusterRatio, 4),
        ["tls_same_digest"] = r.TlsSameDigest,
        ["single_process_runs_s"] = Seconds(r.SingleProcessRuns),
        ["cluster_runs_s"] = Seconds(r.ClusterRuns),
        ["tls_cluster_runs_s"] = Seconds(r.TlsClusterRuns),
        ["single_process_runs"] = Details(r.SingleProcessRuns),
        ["cluster_runs"] = Details(r.ClusterRuns),
        ["tls_cluster_runs"] = Details(r.TlsClusterRuns),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    private static JsonArray Seconds(IReadOnlyList<TimedHashRun> runs) => new(runs.Select(run => (JsonNode)Math.Round(run.Seconds, 4)).ToArray());

    private static JsonArray Details(IReadOnlyList<TimedHashRun> runs) => new(runs.Select(run => (JsonNode)new JsonObject
    {
        ["s"] = Math.Round(run.Seconds, 4),
        ["idle_cpu_s"] = Math.Round(run.Cpu.IdleSeconds, 2),
        ["stolen_cpu_s"] = Math.Round(run.Cpu.StolenSeconds, 2),
        ["copies"] = run.Statistics.Copies,
        ["copies_won"] = run.Statistics.CopiesWon,
        ["starved_spans"] = run.Statistics.StarvedSpans,
        ["late_spans"] = run.Statistics.LateSpans,
        ["taken_back"] = run.Statistics.TakenBack,
        ["requeued"] = run.Statistics.Requeued,
    }).ToArray());
}
