namespace Engine.Host.Bench;

using System.Diagnostics;
using Akka.Configuration;
using Engine.Actors.Metrics;
using Engine.Jobs;
using OpenTelemetry;
using OpenTelemetry.Metrics;

/// <summary>
/// Measures <see cref="MetricsCost"/>: the empty-chunk dispatch job, alternately with and without a MeterProvider on
/// the engine's meter (an exporter that only counts, collected every second as a scrape would), medians compared.
/// </summary>
public static class MetricsCostBench
{
    private const int Runs = 7;
    private const long SpanChunks = 2_000_000;
    private const long OneChunkPerSpanChunks = 100_000;
    private const string EveryItemItsChunk = "engine.load-balance-factor = 1000000000";
    private const string OneChunkPerSpan = "engine.span-target = 0ms";

    public static async Task<MetricsCost> MeasureAsync(TextWriter log, CancellationToken cancellation)
    {
        log.WriteLine($"bench: metrics on against off, {Runs} alternated runs each of {SpanChunks:N0} empty chunks, then {OneChunkPerSpanChunks:N0} at one chunk per span");
        var (spans, exported) = await Alternate(ConfigurationFactory.ParseString(EveryItemItsChunk), SpanChunks, cancellation);
        var (single, singleExported) = await Alternate(
            ConfigurationFactory.ParseString(OneChunkPerSpan).WithFallback(ConfigurationFactory.ParseString(EveryItemItsChunk)),
            OneChunkPerSpanChunks, cancellation);
        return new MetricsCost(spans, single, Runs, exported + singleExported);
    }

    private static async Task<(MetricsComparison Comparison, long Exported)> Alternate(Config config, long chunks, CancellationToken cancellation)
    {
        await using var process = EngineProcess.Start(config);
        process.Engine.Register(EmptyKernel.Name, new EmptyKernel());
        // Warm-up of both ways, so neither side pays for compiling the engine's or the SDK's recording paths.
        await Run(process, chunks, cancellation);
        using (Collecting(new CountingExporter()))
            await Run(process, chunks, cancellation);
        var off = new List<MetricsRun>();
        var on = new List<MetricsRun>();
        var exported = 0L;
        for (var run = 0; run < Runs; run++)
        {
            off.Add(await Run(process, chunks, cancellation));
            var exporter = new CountingExporter();
            using (Collecting(exporter))
                on.Add(await Run(process, chunks, cancellation));
            exported += exporter.Exported;
        }
        return (new MetricsComparison(Median(off), Median(on)), exported);
    }

    // Disposing the provider collects a last time, then shuts the reader and its exporter down.
    private static MeterProvider Collecting(CountingExporter exporter) => Sdk.CreateMeterProviderBuilder()
        .AddMeter(EngineMetrics.MeterName)
        .AddReader(new PeriodicExportingMetricReader(exporter, exportIntervalMilliseconds: 1000))
        .Build();

    private static async Task<MetricsRun> Run(EngineProcess process, long chunks, CancellationToken cancellation)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var clock = Stopwatch.StartNew();
        var result = await process.Engine.RunAsync(new JobSpec(EmptyKernel.Name, 0, chunks), cancellation);
        var seconds = clock.Elapsed.TotalSeconds;
        var cpuNanos = (Environment.CpuUsage.TotalTime - cpu).TotalNanoseconds;
        if (result.Statistics.Chunks != chunks)
            throw new InvalidOperationException($"the metrics job ran {result.Statistics.Chunks:N0} chunks, expected {chunks:N0}");
        return new MetricsRun(chunks / seconds, cpuNanos / chunks);
    }

    /// <summary>Each figure's median on its own.</summary>
    private static MetricsRun Median(List<MetricsRun> runs) =>
        new(Median(runs.Select(r => r.ChunksPerSecond)), Median(runs.Select(r => r.CpuNanosPerChunk)));

    private static double Median(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>Collects like any exporter and keeps only a count: the cost measured is the engine's and the SDK's.</summary>
    private sealed class CountingExporter : BaseExporter<Metric>
    {
        private long _exported;

        public long Exported => Interlocked.Read(ref _exported);

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
                if (metric.MeterName == EngineMetrics.MeterName)
                    Interlocked.Increment(ref _exported);
            return ExportResult.Success;
        }
    }
}
