namespace Engine.Host.Bench;

/// <summary>
/// Dispatch with the engine's meter collected by an OpenTelemetry pipeline against the same without, alternated
/// in one process: at the default span target, and at one chunk per span (the most instrument calls per chunk).
/// </summary>
/// <param name="ExportedMetrics">Engine metrics the provider exported over the runs with metrics on: it did collect.</param>
public sealed record MetricsCost(MetricsComparison Spans, MetricsComparison OneChunkPerSpan, int Runs, long ExportedMetrics)
{
    /// <summary>CPU the metrics add per span: at one chunk per span, the difference per chunk is per span.</summary>
    public double CpuNanosPerSpan => OneChunkPerSpan.On.CpuNanosPerChunk - OneChunkPerSpan.Off.CpuNanosPerChunk;
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
