namespace Engine.Host.Bench;

using System.Diagnostics;
using System.Diagnostics.Metrics;
using Akka.Actor;
using Akka.Configuration;
using Engine.Actors.Metrics;
using Engine.Jobs;
using Engine.Planning;
using OpenTelemetry;
using OpenTelemetry.Metrics;

/// <summary>
/// Measures <see cref="MetricsCost"/>: the empty-chunk dispatch job, with and without a MeterProvider on the engine's
/// meter (an exporter that only counts, collected every <see cref="CollectionMilliseconds"/>, far oftener than a
/// scrape, so each run sees several collections), in pairs back to back.
/// </summary>
public static class MetricsCostBench
{
    /// <summary>Pairs per comparison: the process's CPU per chunk moves by a few percent from run to run on 2 shared cores, a median of many pairs much less.</summary>
    public const int DefaultPairs = 15;
    private const int CollectionMilliseconds = 250;
    private const long SpanChunks = 10_000_000;
    private const long OneChunkPerSpanChunks = 100_000;
    private const string EveryItemItsChunk = "engine.load-balance-factor = 1000000000";
    private const string OneChunkPerSpan = "engine.span-target = 0ms";
    private const int MeterSpans = 1_000_000;

    public static async Task<MetricsCost> MeasureAsync(TextWriter log, int pairs, CancellationToken cancellation)
    {
        log.WriteLine($"bench: metrics on against off, {pairs} pairs of runs each of {SpanChunks:N0} empty chunks, then {OneChunkPerSpanChunks:N0} at one chunk per span");
        var (spans, exported) = await Alternate(ConfigurationFactory.ParseString(EveryItemItsChunk), SpanChunks, pairs, cancellation);
        var (single, singleExported) = await Alternate(
            ConfigurationFactory.ParseString(OneChunkPerSpan).WithFallback(ConfigurationFactory.ParseString(EveryItemItsChunk)),
            OneChunkPerSpanChunks, pairs, cancellation);
        log.WriteLine($"bench: the meter's own calls for {MeterSpans:N0} spans, timed on one thread without and with a MeterProvider");
        var (meterOff, meterOn) = TimeMeterCalls();
        return new MetricsCost(spans, single, pairs, exported + singleExported, meterOff, meterOn);
    }

    /// <summary>
    /// What a job's coordinator calls on its <see cref="JobMeter"/> per span (a grant, a completion, a tally flushed
    /// now and then), timed in a loop on this thread's own CPU time: the hot path's cost apart from the noise of
    /// a shared machine, on a meter of its own so the engine's counters are not touched.
    /// </summary>
    private static (double Off, double On) TimeMeterCalls()
    {
        using var metrics = new EngineMetrics("bench-meter");
        var worker = ActorRefs.Nobody;
        var meter = metrics.JobOpened("bench-meter", EmptyKernel.Name, ChunkPlanner.Plan(new JobSpec(EmptyKernel.Name, 0, MeterSpans), 1));
        Spans(meter, worker);
        var off = Spans(meter, worker);
        using (Collecting(new CountingExporter()))
        {
            Spans(meter, worker);
            return (off, Spans(meter, worker));
        }
    }

    /// <returns>This thread's CPU nanoseconds per span.</returns>
    private static double Spans(JobMeter meter, IActorRef worker)
    {
        var before = ThreadCpuClock.Nanoseconds();
        var granted = Stopwatch.GetTimestamp();
        for (var span = 0; span < MeterSpans; span++)
        {
            meter.SpanGranted(0, worker);
            long? sinceGranted = meter.TimesDispatch ? Stopwatch.GetElapsedTime(granted).Ticks : null;
            meter.SpanCompleted(1, 1, 1_000, sinceGranted, 0, worker);
            if (span % 1000 == 0)
                meter.Flush();
        }
        meter.Flush();
        return (double)(ThreadCpuClock.Nanoseconds() - before) / MeterSpans;
    }

    private static async Task<(MetricsComparison Comparison, long Exported)> Alternate(Config config, long chunks, int runs, CancellationToken cancellation)
    {
        await using var process = EngineProcess.Start(config);
        process.Engine.Register(EmptyKernel.Name, new EmptyKernel());
        // Warm-up of both ways, discarded, so neither side pays for compiling the engine's or the SDK's paths (the
        // dispatch path and the meter's calls run thousands of times here, enough for tier-1 code before the pairs).
        await Run(process, chunks, cancellation);
        using (Collecting(new CountingExporter()))
            await Run(process, chunks, cancellation);
        var pairs = new List<(MetricsRun Off, MetricsRun On)>();
        var exported = 0L;
        for (var run = 0; run < runs; run++)
        {
            // Either order in turn, so neither side always runs just after the provider's last collection.
            var exporter = new CountingExporter();
            MetricsRun off, on;
            if (run % 2 == 0)
            {
                off = await Run(process, chunks, cancellation);
                on = await RunCollected(process, exporter, chunks, cancellation);
            }
            else
            {
                on = await RunCollected(process, exporter, chunks, cancellation);
                off = await Run(process, chunks, cancellation);
            }
            pairs.Add((off, on));
            exported += exporter.Exported;
        }
        return (new MetricsComparison(pairs), exported);
    }

    // Disposing the provider collects a last time, then shuts the reader and its exporter down.
    private static MeterProvider Collecting(CountingExporter exporter) => Sdk.CreateMeterProviderBuilder()
        .AddMeter(EngineMetrics.MeterName)
        .AddReader(new PeriodicExportingMetricReader(exporter, exportIntervalMilliseconds: CollectionMilliseconds))
        .Build();

    /// <summary>A run with the provider collecting; the spans it handed out are read off the meter as well.</summary>
    private static async Task<MetricsRun> RunCollected(EngineProcess process, CountingExporter exporter, long chunks, CancellationToken cancellation)
    {
        using var provider = Collecting(exporter);
        using var spans = new GrantedSpans(process.Engine.Metrics.Meter);
        var run = await Run(process, chunks, cancellation);
        return run with { ChunksPerSpan = (double)chunks / spans.Count };
    }

    private static async Task<MetricsRun> Run(EngineProcess process, long chunks, CancellationToken cancellation)
    {
        // Each run starts on a collected heap, so none pays for the garbage of the one before (a provider's included).
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var cpu = ThreadGroupCpu.Now();
        var clock = Stopwatch.StartNew();
        var result = await process.Engine.RunAsync(new JobSpec(EmptyKernel.Name, 0, chunks), cancellation);
        var seconds = clock.Elapsed.TotalSeconds;
        var spent = ThreadGroupCpu.Now().Since(cpu);
        if (result.Statistics.Chunks != chunks)
            throw new InvalidOperationException($"the metrics job ran {result.Statistics.Chunks:N0} chunks, expected {chunks:N0}");
        return new MetricsRun(chunks / seconds, spent.ProcessNanos / chunks, (double)spent.ControlNanos / chunks, spent.ReaderNanos / spent.ProcessNanos);
    }

    /// <summary>Spans the engine's coordinator handed out while listening (its counter is added at progress ticks and the answer).</summary>
    private sealed class GrantedSpans : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public GrantedSpans(Meter meter)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, meter) && instrument.Name == "engine.spans.granted")
                    listener.EnableMeasurementEvents(instrument);
            };
            _listener.SetMeasurementEventCallback<long>((_, spans, _, _) => Interlocked.Add(ref _count, spans));
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
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
