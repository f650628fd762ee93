namespace Engine.Host.Commands;

using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Host.Cluster;

/// <summary>`bench cluster`: remote dispatch and a three-member loopback cluster against one process (see <see cref="ClusterBench"/>).</summary>
public static class ClusterBenchCommand
{
    public static Command Create()
    {
        var items = CliOptions.Size("--dispatch-chunks", "One-item chunks in the dispatch job (default 300000)");
        var size = CliOptions.Size("--size", "Bytes of the hash job (default 1GiB)");
        var repeats = new Option<int>("--repeats") { Description = "Timed runs of each hash job, after one warm-up", DefaultValueFactory = _ => 3 };
        repeats.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
                r.AddError($"--repeats: must be at least 1, got {r.GetValueOrDefault<int>()}");
        });
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text" };
        var command = new Command("cluster", "Remote chunk dispatch over loopback and a 3-member cluster against one process")
        {
            items, size, repeats, json,
        };
        command.SetAction(async (parse, _) =>
        {
            var report = await ClusterBench.RunAsync(parse.GetValue(items) ?? 300_000, parse.GetValue(size) ?? 1L << 30,
                parse.GetValue(repeats), parse.InvocationConfiguration.Error);
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json) ? Json(report) : Text(report));
            return report.SameDigest && report.TlsSameDigest ? 0 : 1;
        });
        return command;
    }

    private static string Text(ClusterBenchReport r) => string.Join(Environment.NewLine,
        $"remote dispatch: {r.RemoteChunksPerSecond:N0} empty chunks/s to one remote member in spans ({r.RemoteChunks:N0} chunks ran there); {r.RemoteMessagesPerSecond:N0}/s at one chunk per message ({r.DispatchChunks:N0}-chunk job, {r.CoordinatorChunksPerSecond:N0}/s to all workers)",
        $"per chunk: {r.MessagesPerChunk} messages, {r.GrantBytes} + {r.DoneBytes} payload bytes, coordinator CPU {r.CoordinatorCpuMicrosPerChunk:0.0} us, whole process {r.ProcessCpuMicrosPerChunk:0.0} us",
        $"hash {SizeText.Format(r.HashBytes)}: one process {r.SingleProcessSeconds:0.000} s, {r.Members}-member cluster {r.ClusterSeconds:0.000} s, ratio {r.ClusterRatio:0.00}, digests {(r.SameDigest ? "equal" : "DIFFER")}",
        $"over mutual TLS: {r.TlsRemoteChunksPerSecond:N0} chunks/s in spans, {r.TlsRemoteMessagesPerSecond:N0}/s one per message; cluster hash {r.TlsClusterSeconds:0.000} s, ratio {r.TlsClusterRatio:0.00}, digests {(r.TlsSameDigest ? "equal" : "DIFFER")}");

    private static string Json(ClusterBenchReport r) => new JsonObject
    {
        ["cpus"] = r.Cpus,
        ["dispatch_chunks"] = r.DispatchChunks,
        ["remote_chunks"] = r.RemoteChunks,
        ["remote_chunks_per_s"] = Math.Round(r.RemoteChunksPerSecond),
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
        ["tls_remote_messages_per_s"] = Math.Round(r.TlsRemoteMessagesPerSecond),
        ["tls_cluster_s"] = Math.Round(r.TlsClusterSeconds, 4),
        ["tls_cluster_ratio"] = Math.Round(r.TlsClusterRatio, 4),
        ["tls_same_digest"] = r.TlsSameDigest,
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
