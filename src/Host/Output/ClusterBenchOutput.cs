namespace Engine.Host.Output;

using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Host.Bench;

/// <summary>`bench cluster`'s figures as text for people and as one JSON object for scripts.</summary>
public static class ClusterBenchOutput
{
    public static string Text(ClusterBenchReport r) => string.Join(Environment.NewLine,
        $"remote dispatch: {r.RemoteChunksPerSecond:N0} empty chunks/s to one remote member in spans ({r.RemoteChunks:N0} chunks ran there); {r.RemoteMessagesPerSecond:N0}/s at one chunk per message ({r.DispatchChunks:N0}-chunk job, {r.CoordinatorChunksPerSecond:N0}/s to all workers)",
        $"per chunk: {r.MessagesPerChunk} messages, {r.GrantBytes} + {r.DoneBytes} payload bytes, coordinator CPU {r.CoordinatorCpuMicrosPerChunk:0.0} us, whole process {r.ProcessCpuMicrosPerChunk:0.0} us",
        $"hash {SizeText.Format(r.HashBytes)}: one process {r.SingleProcessSeconds:0.000} s, {r.Members}-member cluster {r.ClusterSeconds:0.000} s, ratio {r.ClusterRatio:0.00}, digests {(r.SameDigest ? "equal" : "DIFFER")}",
        $"over mutual TLS: {r.TlsRemoteChunksPerSecond:N0} chunks/s in spans, {r.TlsRemoteMessagesPerSecond:N0}/s one per message; cluster hash {r.TlsClusterSeconds:0.000} s, ratio {r.TlsClusterRatio:0.00}, digests {(r.TlsSameDigest ? "equal" : "DIFFER")}");

    public static string Json(ClusterBenchReport r) => new JsonObject
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
