namespace Engine.Host.Bench;

using System.Text.Json.Nodes;

/// <summary>
/// Dispatch with the engine's meter collected by an OpenTelemetry pipeline against the same without, in pairs of
/// runs in one process: at the default span target, and at one chunk per span (the most instrument calls per
/// chunk); and the meter's calls for one span timed alone, whose share of a span's CPU does not move with the load.
/// </summary>
/// <param name="ExportedMetrics">Engine metrics the provider exported over the runs with metrics on: it did collect.</param>
/// <param name="MeterNanosOff">CPU of the meter's calls for one span with nobody listening, timed in a loop.</param>
/// <param name="MeterNanosOn">The same with a MeterProvider collecting.</param>
public sealed record MetricsCost(MetricsComparison Spans, MetricsComparison OneChunkPerSpan, int Runs, long ExportedMetrics,
    double MeterNanosOff, double MeterNanosOn)
{
    /// <summary>CPU the metrics add per span: at one chunk per span, the difference per chunk is per span.</summary>
    public double CpuNanosPerSpan => OneChunkPerSpan.CpuNanosAddedPerChunk;

    /// <summary>The "metrics" object of <c>bench --json</c> (and all of <c>bench metrics --json</c>).</summary>
    public JsonObject ToJson() => new()
    {
        ["runs"] = Runs,
        ["exported_metrics"] = ExportedMetrics,
        ["cpu_ns_per_span"] = Math.Round(CpuNanosPerSpan, 1),
        ["meter_ns_per_span_off"] = Math.Round(MeterNanosOff, 1),
        ["meter_ns_per_span_on"] = Math.Round(MeterNanosOn, 1),
        ["spans"] = Comparison(Spans, MeterNanosOn),
        ["one_chunk_per_span"] = Comparison(OneChunkPerSpan, MeterNanosOn),
    };

    public IEnumerable<string> ToText() =>
    [
        $"metrics on against off (an OpenTelemetry MeterProvider on the meter, medians of {Runs} pairs of runs):",
        Line("in spans", Spans),
        Line("one chunk per span", OneChunkPerSpan),
        $"  that is {CpuNanosPerSpan:N0} ns of CPU per span, whatever the span's chunks do",
        $"  the meter's calls per span, timed alone: {MeterNanosOn:N1} ns collected, {MeterNanosOff:N1} ns with nobody listening; "
        + $"{Spans.MeterSharePercent(MeterNanosOn):0.00}% of the CPU in spans ({Spans.On.ChunksPerSpan:N0} chunks), "
        + $"{OneChunkPerSpan.MeterSharePercent(MeterNanosOn):0.00}% at one chunk per span",
    ];

    private static string Line(string what, MetricsComparison c) =>
        $"  {what}: {c.On.ChunksPerSecond:N0} against {c.Off.ChunksPerSecond:N0} chunks/s (cost {c.CostPercent:0.0}%), "
        + $"CPU {c.On.CpuNanosPerChunk:N1} against {c.Off.CpuNanosPerChunk:N1} ns per chunk (cost {c.CpuCostPercent:0.0}%, "
        + $"pairs' quartiles {c.CpuCostQuartiles.Lower:0.0}% to {c.CpuCostQuartiles.Upper:0.0}%; control threads {c.ControlCpuCostPercent:0.0}%; "
        + $"the SDK's reader thread {c.ReaderCpuPercent:0.00}% of the CPU)";

    private static JsonObject Comparison(MetricsComparison c, double meterNanos) => new()
    {
        ["off_chunks_per_s"] = Math.Round(c.Off.ChunksPerSecond),
        ["on_chunks_per_s"] = Math.Round(c.On.ChunksPerSecond),
        ["cost_pct"] = Math.Round(c.CostPercent, 2),
        ["off_cpu_ns_per_chunk"] = Math.Round(c.Off.CpuNanosPerChunk, 2),
        ["on_cpu_ns_per_chunk"] = Math.Round(c.On.CpuNanosPerChunk, 2),
        ["cpu_cost_pct"] = Math.Round(c.CpuCostPercent, 2),
        ["cpu_cost_pct_q1"] = Math.Round(c.CpuCostQuartiles.Lower, 2),
        ["cpu_cost_pct_q3"] = Math.Round(c.CpuCostQuartiles.Upper, 2),
        ["control_cpu_cost_pct"] = Math.Round(c.ControlCpuCostPercent, 2),
        ["reader_cpu_pct"] = Math.Round(c.ReaderCpuPercent, 3),
        ["chunks_per_span"] = Math.Round(c.On.ChunksPerSpan, 1),
        ["meter_share_pct"] = Math.Round(c.MeterSharePercent(meterNanos), 3),
    };
}

/// <summary>
/// Runs with nobody listening to the meter and with a MeterProvider collecting it, in pairs run back to back: each
/// cost is the median over the pairs, so a machine whose load changes between pairs moves both runs of a pair.
/// </summary>
public sealed record MetricsComparison(IReadOnlyList<(MetricsRun Off, MetricsRun On)> Pairs)
{
    /// <summary>Each figure's median over the runs without metrics.</summary>
    public MetricsRun Off => MedianOf(Pairs.Select(p => p.Off).ToArray());

    /// <summary>Each figure's median over the runs with metrics.</summary>
    public MetricsRun On => MedianOf(Pairs.Select(p => p.On).ToArray());

    /// <summary>Throughput lost with metrics on, in percent (negative when the runs with metrics were faster).</summary>
    public double CostPercent => Median(Pairs.Select(p => BenchStatistics.LossPercent(p.Off.ChunksPerSecond, p.On.ChunksPerSecond)));

    /// <summary>
    /// The process's CPU time per chunk added with metrics on, in percent: on a machine shared with other work the
    /// steadier of the two, since time spent waiting for a CPU counts in throughput and not here.
    /// </summary>
    public double CpuCostPercent => Median(CpuCosts);

    /// <summary>The lower and upper quartiles of the pairs' CPU costs: how far one pair's figure is from the median.</summary>
    public (double Lower, double Upper) CpuCostQuartiles
    {
        get
        {
            var sorted = CpuCosts.Order().ToArray();
            return (Quantile(sorted, 0.25), Quantile(sorted, 0.75));
        }
    }

    /// <summary>The control threads' CPU per chunk added with metrics on, in percent (median over the pairs).</summary>
    public double ControlCpuCostPercent =>
        Median(Pairs.Select(p => 100 * (p.On.ControlCpuNanosPerChunk / p.Off.ControlCpuNanosPerChunk - 1)));

    /// <summary>The OpenTelemetry reader thread's share of the process's CPU in the runs with metrics, in percent (median).</summary>
    public double ReaderCpuPercent => 100 * Median(Pairs.Select(p => p.On.ReaderCpuShare));

    private IEnumerable<double> CpuCosts => Pairs.Select(p => 100 * (p.On.CpuNanosPerChunk / p.Off.CpuNanosPerChunk - 1));

    /// <summary>
    /// The meter's calls for one span (<paramref name="meterNanos"/>, timed alone) against the CPU the chunks of a
    /// span cost without metrics, in percent: the hot path's share, apart from the noise of a shared machine.
    /// </summary>
    public double MeterSharePercent(double meterNanos) => 100 * meterNanos / (Off.CpuNanosPerChunk * On.ChunksPerSpan);

    /// <summary>The process's CPU time per chunk added with metrics on, in nanoseconds.</summary>
    public double CpuNanosAddedPerChunk => Median(Pairs.Select(p => p.On.CpuNanosPerChunk - p.Off.CpuNanosPerChunk));

    private static MetricsRun MedianOf(IReadOnlyList<MetricsRun> runs) =>
        new(Median(runs.Select(r => r.ChunksPerSecond)), Median(runs.Select(r => r.CpuNanosPerChunk)),
            Median(runs.Select(r => r.ControlCpuNanosPerChunk)), Median(runs.Select(r => r.ReaderCpuShare)), Median(runs.Select(r => r.ChunksPerSpan)));

    /// <summary>Linear between the two nearest of the sorted samples.</summary>
    private static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        var at = q * (sorted.Count - 1);
        var below = (int)Math.Floor(at);
        return below + 1 < sorted.Count ? sorted[below] + (at - below) * (sorted[below + 1] - sorted[below]) : sorted[below];
    }

    private static double Median(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

/// <param name="CpuNanosPerChunk">The whole process's CPU time (user and system) per chunk.</param>
/// <param name="ControlCpuNanosPerChunk">The same for the engine's control threads alone, where the coordinator calls the meter.</param>
/// <param name="ReaderCpuShare">The OpenTelemetry reader thread's share of the process's CPU (0 without metrics).</param>
/// <param name="ChunksPerSpan">Chunks per span handed out, counted off the meter in the runs with metrics (0 in the others).</param>
public sealed record MetricsRun(double ChunksPerSecond, double CpuNanosPerChunk, double ControlCpuNanosPerChunk, double ReaderCpuShare,
    double ChunksPerSpan = 0);
