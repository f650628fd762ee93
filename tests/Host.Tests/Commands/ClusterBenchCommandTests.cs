namespace Host.Tests.Commands;

using System.Text.Json.Nodes;
using Host.Tests.Support;

/// <summary>`bench cluster --json` on tiny jobs, with real `node` children: every figure is there and the digests agree.</summary>
public class ClusterBenchCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Bench_cluster_json_prints_dispatch_costs_and_the_cluster_digest_equal_to_one_process()
    {
        using var host = HostProcess.Start("bench", "cluster", "--dispatch-chunks", "2000", "--size", "16MiB", "--repeats", "1", "--json");

        Assert.Equal(0, await host.Exit(Timeout));
        await host.WaitFor("^\\{", Timeout);
        var report = JsonNode.Parse(host.Output.Split(Environment.NewLine).Single(l => l.StartsWith('{')))!.AsObject();
        Assert.True(report["same_digest"]!.GetValue<bool>());
        Assert.Equal(3, report["members"]!.GetValue<int>());
        Assert.Equal(16L << 20, report["hash_bytes"]!.GetValue<long>());
        Assert.Equal(2000, report["dispatch_chunks"]!.GetValue<long>());
        Assert.Equal(2, report["messages_per_chunk"]!.GetValue<double>());
        Assert.True(report["coordinator_chunks_per_s"]!.GetValue<double>() > 0);
        Assert.True(report["grant_bytes"]!.GetValue<int>() > 0);
        Assert.True(report["done_bytes"]!.GetValue<int>() > report["grant_bytes"]!.GetValue<int>());
        // CPU time advances in clock ticks (10 ms here): a short run may read 0, never less.
        Assert.InRange(report["coordinator_cpu_us_per_chunk"]!.GetValue<double>(), 0, double.MaxValue);
        Assert.True(report["single_process_s"]!.GetValue<double>() > 0);
        Assert.True(report["cluster_s"]!.GetValue<double>() > 0);
        Assert.True(report["tls_same_digest"]!.GetValue<bool>());
        // Tiny jobs may end before the remote member joins in: the rates are there, maybe zero.
        Assert.NotNull(report["tls_remote_chunks_per_s"]);
        // The coordinator's meter counts the spans the remote member's chunks came in (spans it was handed may
        // also have been taken back and run here).
        if (report["remote_chunks"]!.GetValue<long>() > 0)
            Assert.True(report["remote_spans_per_s"]!.GetValue<double>() > 0);
        Assert.NotNull(report["tls_remote_spans_per_s"]);
        Assert.NotNull(report["tls_remote_messages_per_s"]);
        Assert.True(report["tls_cluster_s"]!.GetValue<double>() > 0);
        // One round: three timed runs of each job, the figure their median.
        var clusterRuns = report["cluster_runs_s"]!.AsArray().Select(r => r!.GetValue<double>()).Order().ToArray();
        Assert.Equal(3, clusterRuns.Length);
        Assert.Equal(clusterRuns[1], report["cluster_s"]!.GetValue<double>());
        Assert.Equal(3, report["single_process_runs_s"]!.AsArray().Count);
        Assert.Equal(3, report["tls_cluster_runs_s"]!.AsArray().Count);
        // Each timed run with what the machine left idle or lost to the hypervisor, and the job's own copies.
        var details = report["cluster_runs"]!.AsArray();
        Assert.Equal(report["cluster_runs_s"]!.AsArray().Select(r => r!.GetValue<double>()), details.Select(d => d!["s"]!.GetValue<double>()));
        Assert.All(details, d =>
        {
            Assert.NotNull(d!["idle_cpu_s"]);
            Assert.True(d["stolen_cpu_s"]!.GetValue<double>() >= 0);
            Assert.True(d["copies"]!.GetValue<long>() >= d["copies_won"]!.GetValue<long>());
        });
        Assert.Equal(3, report["single_process_runs"]!.AsArray().Count);
        Assert.Equal(3, report["tls_cluster_runs"]!.AsArray().Count);
    }
}
