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
        var (off, on, exported) = await Alternate(ConfigurationFactory.ParseString(EveryItemItsChunk), SpanChunks, cancellation);
        var (singleOff, singleOn, singleExported) = await Alternate(
            ConfigurationFactory.ParseString(OneChunkPerSpan).WithFallback(ConfigurationFactory.ParseString(EveryItemItsChunk)),
            OneChunkPerSpanChunks, cancellation);
        return new MetricsCost(off, on, singleOff, singleOn, Runs, exported + singleExported);
    }

    private static async Task<(double Off, double On, long Exported)> Alternate(Config config, long chunks, CancellationToken cancellation)
    {
        await using var process = EngineProcess.Start(config);
        process.Engine.Register(EmptyKernel.Name, new EmptyKernel());
        await Run(process, chunks, cancellation);
        var off = new List<double>();
        var on = new List<double>();
        var exported = 0L;
        for (var run = 0; run < Runs; run++)
        {
            off.Add(await Run(process, chunks, cancellation));
            var exporter = new CountingExporter();
            using (Collecting(exporter))
                on.Add(await Run(process, chunks, cancellation));
            exported += exporter.Exported;
        }
        return (Median(off), Median(on), exported);
    }

    // Disposing the provider collects a last time, then shuts the reader and its exporter down.
    private static MeterProvider Collecting(CountingExporter exporter) => Sdk.CreateMeterProviderBuilder()
        .AddMeter(EngineMetrics.MeterName)
        .AddReader(new PeriodicExportingMetricReader(exporter, exportIntervalMilliseconds: 1000))
        .Build();

    private static async Task<double> Run(EngineProcess process, long chunks, CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var result = await process.Engine.RunAsync(new JobSpec(EmptyKernel.Name, 0, chunks), cancellation);
        var seconds = clock.Elapsed.TotalSeconds;
        if (result.Statistics.Chunks != chunks)
            throw new InvalidOperationException($"the metrics job ran {result.Statistics.Chunks:N0} chunks, expected {chunks:N0}");
        return chunks / seconds;
    }

    private static double Median(List<double> samples)
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
