namespace Engine.Host.Bench;

/// <summary>
/// Dispatch with the engine's meter collected by an OpenTelemetry pipeline against the same without, alternated
/// in one process: at the default span target, and at one chunk per span (the most instrument calls per chunk).
/// </summary>
/// <param name="OffChunksPerSecond">Median of the runs with nobody listening to the meter.</param>
/// <param name="OnChunksPerSecond">Median of the runs with a MeterProvider collecting it.</param>
/// <param name="ExportedMetrics">Engine metrics the provider exported over the runs with metrics on: it did collect.</param>
public sealed record MetricsCost(
    double OffChunksPerSecond,
    double OnChunksPerSecond,
    double OneChunkPerSpanOffChunksPerSecond,
    double OneChunkPerSpanOnChunksPerSecond,
    int Runs,
    long ExportedMetrics)
{
    /// <summary>Throughput lost with metrics on, in percent (negative when the runs with metrics were faster).</summary>
    public double CostPercent => BenchStatistics.LossPercent(OffChunksPerSecond, OnChunksPerSecond);

    public double OneChunkPerSpanCostPercent =>
        BenchStatistics.LossPercent(OneChunkPerSpanOffChunksPerSecond, OneChunkPerSpanOnChunksPerSecond);
}
