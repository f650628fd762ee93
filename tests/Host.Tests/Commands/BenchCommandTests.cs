namespace Host.Tests.Commands;

using System.Text.Json;
using Engine.Host;

/// <summary>`bench --json` on a tiny job: every figure is there and sane. Speed targets are read off real runs, never asserted.</summary>
public class BenchCommandTests
{
    [Fact]
    public async Task Bench_json_prints_every_figure_of_the_table_dispatch_metrics_cost_idle_and_memory()
    {
        var output = new StringWriter();
        var plot = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.svg");

        var code = await Cli.RunAsync(["bench", "--size", "20000", "--helpers", "2", "--repeats", "1", "--idle-seconds", "0.5",
            "--politeness-seconds", "0", "--journal-repeats", "0", "--busy-repeats", "0", "--metrics-pairs", "3", "--json", "--plot", plot], output, TextWriter.Null);

        Assert.Equal(0, code);
        var report = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.Equal("burn", report.GetProperty("kernel").GetString());
        Assert.Equal(Environment.ProcessorCount, report.GetProperty("cpus").GetInt32());
        var rows = report.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal([1, 2], rows.Select(r => r.GetProperty("helpers").GetInt32()));
        Assert.Equal(1, rows[0].GetProperty("speedup").GetDouble());
        Assert.All(rows, r => Assert.True(r.GetProperty("mean_s").GetDouble() > 0));
        Assert.All(rows, r => Assert.True(r.GetProperty("parallel_for_mean_s").GetDouble() > 0));
        Assert.True(report.GetProperty("same_result").GetBoolean());
        Assert.True(report.GetProperty("parallel_for_ratio").GetDouble() > 0);
        Assert.True(report.GetProperty("empty_chunks_per_s").GetDouble() > 0);
        var metrics = report.GetProperty("metrics");
        foreach (var comparison in new[] { metrics.GetProperty("spans"), metrics.GetProperty("one_chunk_per_span") })
        {
            Assert.True(comparison.GetProperty("off_chunks_per_s").GetDouble() > 0);
            Assert.True(comparison.GetProperty("on_chunks_per_s").GetDouble() > 0);
            Assert.True(comparison.GetProperty("off_cpu_ns_per_chunk").GetDouble() > 0);
            Assert.True(comparison.GetProperty("on_cpu_ns_per_chunk").GetDouble() > 0);
            Assert.True(comparison.GetProperty("chunks_per_span").GetDouble() > 0);
            Assert.True(comparison.GetProperty("meter_share_pct").GetDouble() > 0);
            // The median pair lies between the pairs' quartiles; the reader thread's share is a share.
            var cost = comparison.GetProperty("cpu_cost_pct").GetDouble();
            Assert.InRange(cost, comparison.GetProperty("cpu_cost_pct_q1").GetDouble(), comparison.GetProperty("cpu_cost_pct_q3").GetDouble());
            Assert.True(double.IsFinite(comparison.GetProperty("control_cpu_cost_pct").GetDouble()));
            Assert.InRange(comparison.GetProperty("reader_cpu_pct").GetDouble(), 0, 100);
        }
        // Every chunk its own span (more spans than chunks only if some were handed out twice).
        Assert.InRange(metrics.GetProperty("one_chunk_per_span").GetProperty("chunks_per_span").GetDouble(), 0, 1);
        Assert.True(metrics.GetProperty("meter_ns_per_span_on").GetDouble() > 0);
        // The runs with metrics on were collected by a real OpenTelemetry pipeline.
        Assert.True(metrics.GetProperty("exported_metrics").GetInt64() > 0);
        Assert.InRange(report.GetProperty("idle_cpu_pct").GetDouble(), 0, 100 * Environment.ProcessorCount);
        Assert.True(report.GetProperty("peak_rss_bytes").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Null, report.GetProperty("politeness").ValueKind);
        Assert.Contains("<svg", File.ReadAllText(plot));
        File.Delete(plot);
    }
}
