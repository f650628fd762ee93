namespace Engine.Host.Bench;

using System.Text.Json.Nodes;

/// <summary>
/// Dispatch with the engine's meter collected by an OpenTelemetry pipeline against the same without, alternated
/// in one process: at the default span target, and at one chunk per span (the most instrument calls per chunk).
/// </summary>
/// <param name="ExportedMetrics">Engine metrics the provider exported over the runs with metrics on: it did collect.</param>
public sealed record MetricsCost(MetricsComparison Spans, MetricsComparison OneChunkPerSpan, int Runs, long ExportedMetrics)
{
    /// <summary>CPU the metrics add per span: at one chunk per span, the difference per chunk is per span.</summary>
    public double CpuNanosPerSpan => OneChunkPerSpan.On.CpuNanosPerChunk - OneChunkPerSpan.Off.CpuNanosPerChunk;

    /// <summary>The "metrics" object of <c>bench --json</c> (and all of <c>bench metrics --json</c>).</summary>
    public JsonObject ToJson() => new()
    {
        ["runs"] = Runs,
        ["exported_metrics"] = ExportedMetrics,
        ["cpu_ns_per_span"] = Math.Round(CpuNanosPerSpan, 1),
        ["spans"] = Comparison(Spans),
        ["one_chunk_per_span"] = Comparison(OneChunkPerSpan),
    };

    public IEnumerable<string> ToText() =>
    [
        $"metrics on against off (an OpenTelemetry MeterProvider on the meter, medians of {Runs} alternated runs):",
        Line("in spans", Spans),
        Line("one chunk per span", OneChunkPerSpan),
        $"  that is {CpuNanosPerSpan:N0} ns of CPU per span, whatever the span's chunks do",
    ];

    private static string Line(string what, MetricsComparison c) =>
        $"  {what}: {c.On.ChunksPerSecond:N0} against {c.Off.ChunksPerSecond:N0} chunks/s (cost {c.CostPercent:0.0}%), "
        + $"CPU {c.On.CpuNanosPerChunk:N1} against {c.Off.CpuNanosPerChunk:N1} ns per chunk (cost {c.CpuCostPercent:0.0}%)";

    private static JsonObject Comparison(MetricsComparison c) => new()
    {
        ["off_chunks_per_s"] = Math.Round(c.Off.ChunksPerSecond),
        ["on_chunks_per_s"] = Math.Round(c.On.ChunksPerSecond),
        ["cost_pct"] = Math.Round(c.CostPercent, 2),
        ["off_cpu_ns_per_chunk"] = Math.Round(c.Off.CpuNanosPerChunk, 2),
        ["on_cpu_ns_per_chunk"] = Math.Round(c.On.CpuNanosPerChunk, 2),
        ["cpu_cost_pct"] = Math.Round(c.CpuCostPercent, 2),
    };
}

/// <summary>Medians of the runs with nobody listening to the meter and of those with a MeterProvider collecting it.</summary>
public sealed record MetricsComparison(MetricsRun Off, MetricsRun On)
{
    /// <summary>Throughput lost with metrics on, in percent (negative when the runs with metrics were faster).</summary>
    public double CostPercent => BenchStatistics.LossPercent(Off.ChunksPerSecond, On.ChunksPerSecond);

    /// <summary>
    /// The process's CPU time per chunk added with metrics on, in percent: on a machine shared with other work the
    /// steadier of the two, since time spent waiting for a CPU counts in throughput and not here.
    /// </summary>
    public double CpuCostPercent => 100 * (On.CpuNanosPerChunk / Off.CpuNanosPerChunk - 1);
}

/// <param name="CpuNanosPerChunk">The whole process's CPU time (user and system) per chunk.</param>
public sealed record MetricsRun(double ChunksPerSecond, double CpuNanosPerChunk);
