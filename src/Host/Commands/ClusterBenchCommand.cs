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
        var items = CliOptions.Size("--dispatch-chunks", "One-item chunks in the dispatch job (default 300000)", least: 1);
        var size = CliOptions.Size("--size", "Bytes of the hash job (default 1GiB)", least: 1);
        var repeats = CliOptions.Count("--repeats", "Timed runs of each hash job, after one warm-up", 1, BenchCommand.MostRepeats, 3);
        var json = CliOptions.Json();
        var command = new Command("cluster", "Remote chunk dispatch over loopback and a 3-member cluster against one process")
        {
            items, size, repeats, json,
        };
        command.SetAction(async (parse, _) =>
        {
            var report = await ClusterBench.RunAsync(parse.GetValue(items) ?? 300_000, parse.GetValue(size) ?? 1L << 30,
                parse.GetValue(repeats), parse.InvocationConfiguration.Error);
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json) ? Json(report) : Text(report));
            return report.SameDigest ? 0 : 1;
        });
        return command;
    }

    private static string Text(ClusterBenchReport r) => string.Join(Environment.NewLine,
        $"remote dispatch: {r.RemoteChunksPerSecond:N0} empty chunks/s to one remote member in spans ({r.RemoteChunks:N0} chunks ran there); {r.RemoteMessagesPerSecond:N0}/s at one chunk per message ({r.DispatchChunks:N0}-chunk job, {r.CoordinatorChunksPerSecond:N0}/s to all workers)",
        $"per chunk: {r.MessagesPerChunk} messages, {r.GrantBytes} + {r.DoneBytes} payload bytes, coordinator CPU {r.CoordinatorCpuMicrosPerChunk:0.0} us, whole process {r.ProcessCpuMicrosPerChunk:0.0} us",
        $"hash {SizeText.Format(r.HashBytes)}: one process {r.SingleProcessSeconds:0.000} s, {r.Members}-member cluster {r.ClusterSeconds:0.000} s, ratio {r.ClusterRatio:0.00}, digests {(r.SameDigest ? "equal" : "DIFFER")}");

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
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
