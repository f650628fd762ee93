namespace Engine.Host.Bench;

using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Host.Bench.Politeness;

/// <summary>
/// Every figure `bench` measured: the speedup table, the engine against Parallel.For and against the machine's limit,
/// dispatch, the engine's costs per job and per span, metrics on against off, the table predicted from them, idle CPU,
/// memory, politeness.
/// </summary>
public sealed record BenchReport(string Kernel, int Cpus, long Size, int Repeats, SpeedupResult Speedup,
    double EmptyChunksPerSecond, SpanCosts Costs, MetricsCost Metrics, ScalingPrediction Predicted, long PeakRssBytes, PolitenessReport? Politeness,
    IReadOnlyList<JournalCostRow> Journal, Busy.BusyReport? Busy)
{
    /// <summary>Engine time over Parallel.For time with the most threads: above 1, the engine is slower.</summary>
    public double ParallelForRatio => Speedup.Rows[^1].MeanSeconds / Speedup.Rows[^1].ParallelForMeanSeconds;

    public string ToJson() => new JsonObject
    {
        ["kernel"] = Kernel,
        ["cpus"] = Cpus,
        ["size"] = Size,
        ["repeats"] = Repeats,
        ["rows"] = new JsonArray(Speedup.Rows.Select(r => (JsonNode)new JsonObject
        {
            ["helpers"] = r.Helpers,
            ["mean_s"] = Math.Round(r.MeanSeconds, 6),
            ["rsd_pct"] = Math.Round(r.RsdPercent, 2),
            ["speedup"] = Math.Round(r.Speedup, 3),
            ["parallel_for_mean_s"] = Math.Round(r.ParallelForMeanSeconds, 6),
            ["parallel_for_rsd_pct"] = Math.Round(r.ParallelForRsdPercent, 2),
            ["limit_mean_s"] = Math.Round(r.LimitMeanSeconds, 6),
            ["limit_rsd_pct"] = Math.Round(r.LimitRsdPercent, 2),
            ["limit_ratio"] = Math.Round(r.LimitRatio, 4),
            ["best_s"] = Math.Round(r.BestSeconds, 6),
            ["limit_best_s"] = Math.Round(r.LimitBestSeconds, 6),
            ["limit_ratio_best"] = Math.Round(r.LimitRatioBest, 4),
            ["cpu_s"] = Math.Round(r.CpuSeconds, 6),
            ["limit_cpu_s"] = Math.Round(r.LimitCpuSeconds, 6),
            ["limit_cpu_ratio"] = Math.Round(r.LimitCpuRatio, 4),
        }).ToArray()),
        ["parallel_for_ratio"] = Math.Round(ParallelForRatio, 4),
        ["limit"] = new JsonObject
        {
            ["what"] = Speedup.Limit,
            ["threads"] = Speedup.Rows[^1].Helpers,
            ["mean_s"] = Math.Round(Speedup.Rows[^1].LimitMeanSeconds, 6),
            ["engine_mean_s"] = Math.Round(Speedup.Rows[^1].MeanSeconds, 6),
            ["ratio"] = Math.Round(Speedup.Rows[^1].LimitRatio, 4),
            ["ratio_best"] = Math.Round(Speedup.Rows[^1].LimitRatioBest, 4),
            ["cpu_ratio"] = Math.Round(Speedup.Rows[^1].LimitCpuRatio, 4),
            ["result_compared"] = Speedup.LimitResultCompared,
        },
        ["input"] = Speedup.Input,
        ["same_result"] = Speedup.SameResult,
        ["empty_chunks_per_s"] = Math.Round(EmptyChunksPerSecond),
        ["job_cost_s"] = Math.Round(Costs.JobSeconds, 7),
        ["span_cost_s"] = Math.Round(Costs.SpanSeconds, 9),
        ["metrics"] = Metrics.ToJson(),
        ["predicted"] = Predicted.ToJson(),
        ["idle_cpu_pct"] = Math.Round(Speedup.IdleCpuPercent, 3),
        ["peak_rss_bytes"] = PeakRssBytes,
        ["politeness"] = Politeness?.ToJson(),
        ["journal"] = JournalCostBench.ToJson(Journal),
        ["busy"] = Busy?.ToJson(),
    }.ToJsonString(new JsonSerializerOptions { WriteIndented = false });

    public string ToText()
    {
        var lines = new List<string>
        {
            $"{Kernel}: {Size:N0} {BuiltInJobs.Unit(Kernel)}{(Speedup.Input is { } input ? $" of {input}" : "")}, {Cpus} CPU(s), {Repeats} run(s) per row",
            "helpers, speedup, average seconds (± %), Parallel.For seconds (± %), limit seconds (± %), limit / engine",
        };
        lines.AddRange(Speedup.Rows.Select(r =>
            $"{r.Helpers,7}, {r.Speedup,7:0.00}x, {r.MeanSeconds,8:0.000} (± {r.RsdPercent:0.0}%), {r.ParallelForMeanSeconds,8:0.000} (± {r.ParallelForRsdPercent:0.0}%), "
            + $"{r.LimitMeanSeconds,8:0.000} (± {r.LimitRsdPercent:0.0}%), {r.LimitRatio,6:0.000}"));
        lines.Add($"engine / Parallel.For at {Speedup.Rows[^1].Helpers} thread(s): {ParallelForRatio:0.000}; results {(Speedup.SameResult ? "all equal" : "DIFFER")}"
            + (Speedup.LimitResultCompared ? " (the limit loop's too)" : ""));
        lines.Add($"engine at {Speedup.Rows[^1].LimitRatio:0.000} of the machine's limit at {Speedup.Rows[^1].Helpers} thread(s) "
            + $"(best runs: {Speedup.Rows[^1].LimitRatioBest:0.000}, CPU time: {Speedup.Rows[^1].LimitCpuRatio:0.000}); limit: {Speedup.Limit}");
        lines.Add($"empty-chunk dispatch: {EmptyChunksPerSecond:N0} chunks/s");
        lines.Add($"engine costs: {Costs.JobSeconds * 1e3:0.000} ms per job, {Costs.SpanSeconds * 1e6:0.000} µs per span");
        lines.AddRange(Metrics.ToText());
        lines.AddRange(Predicted.ToText());
        lines.Add($"idle: {Speedup.IdleCpuPercent:0.00}% of one core with the engine up and no job");
        lines.Add($"peak RSS: {SizeText.Format(PeakRssBytes)}");
        if (Politeness is not null)
            lines.AddRange(Politeness.ToText());
        lines.AddRange(JournalCostBench.ToText(Journal));
        if (Busy is not null)
            lines.AddRange(Busy.ToText());
        return string.Join(Environment.NewLine, lines);
    }
}
