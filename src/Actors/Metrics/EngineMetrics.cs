namespace Engine.Actors.Metrics;

using System.Diagnostics.Metrics;
using Akka.Actor;
using Engine.Actors.Coordination;
using Engine.Jobs;
using Engine.Planning;

/// <summary>
/// The engine's meter, named <see cref="MeterName"/> for OpenTelemetry (<c>.AddMeter(EngineMetrics.MeterName)</c>)
/// or any <see cref="MeterListener"/>, and the live <see cref="JobBoard"/> that dashboards read. The coordinator
/// calls one small method per event; with nobody listening each costs the instruments' own enabled checks.
/// Tags: <c>kernel</c>; <c>node</c> (a NUMA node id, or <c>lane</c> for the caller's lane); <c>member</c>, the
/// cluster member (or process) whose thread ran the span, or whose helpers a gauge counts.
/// </summary>
public sealed class EngineMetrics : IDisposable
{
    public const string MeterName = "Engine";
    public const string LaneNode = "lane";

    /// <summary>Seconds, from a tiny span (span-target is 1 ms) to a chunk of minutes; OpenTelemetry's default buckets are for milliseconds.</summary>
    private static readonly double[] SpanBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    private static readonly double[] JobBuckets = [0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 14400];

    private readonly Counter<long> _chunks;
    private readonly Counter<long> _items;
    private readonly Counter<long> _granted;
    private readonly Counter<long> _requeued;
    private readonly Counter<long> _failedSpans;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _jobs;
    private readonly Counter<long> _leaseEvents;
    private readonly Histogram<double> _spanDuration;
    private readonly Histogram<double> _dispatchLatency;
    private readonly Histogram<double> _jobDuration;
    private readonly GrantClock _grants = new();
    private readonly NodeTags _nodes = new();

    /// <param name="member">This member's address (the process's default address outside a cluster).</param>
    public EngineMetrics(string member)
    {
        Member = member;
        Meter = new Meter(MeterName, typeof(EngineMetrics).Assembly.GetName().Version?.ToString());
        _chunks = Meter.CreateCounter<long>("engine.chunks.completed", "{chunk}", "Chunks completed (each counted once)");
        _items = Meter.CreateCounter<long>("engine.items.completed", "{item}", "Items in the chunks completed");
        _granted = Meter.CreateCounter<long>("engine.spans.granted", "{span}", "Spans of chunks handed out to workers");
        _requeued = Meter.CreateCounter<long>("engine.spans.requeued", "{span}", "Spans handed out again because their worker or member was lost");
        _failedSpans = Meter.CreateCounter<long>("engine.spans.failed", "{span}", "Spans that stopped on a kernel error or the job's cancellation");
        _duplicates = Meter.CreateCounter<long>("engine.duplicates.dropped", "{span}", "Late results of spans already counted");
        _jobs = Meter.CreateCounter<long>("engine.jobs.completed", "{job}", "Jobs that ended, by outcome");
        _leaseEvents = Meter.CreateCounter<long>("engine.spans.leases", "{span}",
            "What leases did, by event: taken_back (unstarted, run elsewhere), starved and late (offered again), speculative (extra copies run), speculative_won");
        _spanDuration = Meter.CreateHistogram("engine.span.duration", "s", "Time a worker spent running one span",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SpanBuckets });
        _dispatchLatency = Meter.CreateHistogram("engine.dispatch.latency", "s", "From handing a span out to its worker starting it",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SpanBuckets });
        _jobDuration = Meter.CreateHistogram("engine.job.duration", "s", "From acceptance to the job's answer, by outcome",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = JobBuckets });
        Meter.CreateObservableGauge("engine.jobs.open", () => new Measurement<int>(Jobs.OpenCount, MemberTag),
            "{job}", "Jobs this member coordinates that have not answered yet");
    }

    public Meter Meter { get; }

    public string Member { get; }

    /// <summary>The jobs this member coordinates, and the last ones that ended: what /api/jobs and the dashboard show.</summary>
    public JobBoard Jobs { get; } = new();

    private KeyValuePair<string, object?> MemberTag => new("member", Member);

    public void JobOpened(string jobId, string kernel, ChunkPlan plan) => Jobs.Open(jobId, kernel, plan);

    public void SpanGranted(string kernel, string jobId, ChunkSpan span, int node, IActorRef worker)
    {
        _granted.Add(1, Kernel(kernel), Node(node), MemberOf(worker));
        if (_dispatchLatency.Enabled)
            _grants.Granted(jobId, span.First);
    }

    /// <param name="elapsedTicks">The span's run time as the worker measured it (TimeSpan ticks).</param>
    public void SpanCompleted(string kernel, string jobId, ChunkSpan span, long items, long elapsedTicks, int node, IActorRef worker)
    {
        var (k, n, m) = (Kernel(kernel), Node(node), MemberOf(worker));
        _chunks.Add(span.Count, k, n, m);
        _items.Add(items, k, n, m);
        _spanDuration.Record(TimeSpan.FromTicks(elapsedTicks).TotalSeconds, k, n, m);
        // Grant to result, less the run itself: the time the span waited in the worker's mailbox and on the wire.
        if (_dispatchLatency.Enabled && _grants.Take(jobId, span.First) is { } waited)
            _dispatchLatency.Record(Math.Max(0, (waited - TimeSpan.FromTicks(elapsedTicks)).TotalSeconds), k, m);
    }

    /// <param name="completedChunks">Chunks of the span that completed before it stopped; they count as completed.</param>
    public void SpanFailed(string kernel, string jobId, ChunkSpan span, long completedChunks, long items, int node, IActorRef worker)
    {
        var (k, n, m) = (Kernel(kernel), Node(node), MemberOf(worker));
        _failedSpans.Add(1, k, n, m);
        if (completedChunks > 0)
        {
            _chunks.Add(completedChunks, k, n, m);
            _items.Add(items, k, n, m);
        }
        _grants.Take(jobId, span.First);
        Jobs.Failed(jobId);
    }

    public void DuplicateDropped(string kernel, string jobId, IActorRef worker)
    {
        _duplicates.Add(1, Kernel(kernel), MemberOf(worker));
        Jobs.Duplicate(jobId);
    }

    public void SpansRequeued(string kernel, string jobId, int spans)
    {
        if (spans <= 0)
            return;
        _requeued.Add(spans, Kernel(kernel), MemberTag);
        Jobs.Requeued(jobId, spans);
    }

    /// <summary>The coordinator's periodic view of a running job (chunks and items done, helpers attached).</summary>
    public void Progressed(JobProgress progress) => Jobs.Progressed(progress);

    /// <param name="failure">Why the job failed, or null if it completed.</param>
    public void JobClosed(string jobId, string kernel, JobFailed? failure, JobStatistics statistics)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", Outcome(failure?.Kind));
        _jobs.Add(1, Kernel(kernel), outcome, MemberTag);
        _jobDuration.Record(statistics.Elapsed.TotalSeconds, Kernel(kernel), outcome, MemberTag);
        foreach (var (leaseEvent, count) in new[]
                 {
                     ("taken_back", statistics.TakenBack), ("starved", statistics.StarvedSpans), ("late", statistics.LateSpans),
                     ("speculative", statistics.Copies), ("speculative_won", statistics.CopiesWon),
                 })
            if (count > 0)
                _leaseEvents.Add(count, Kernel(kernel), new KeyValuePair<string, object?>("event", leaseEvent), MemberTag);
        _grants.Forget(jobId);
        Jobs.Close(jobId, Outcome(failure?.Kind), failure?.Reason, statistics);
    }

    /// <summary>OpenTelemetry style: <c>completed</c>, or the failure kind in snake case (<c>chunk_failed</c>, <c>timed_out</c>).</summary>
    public static string Outcome(JobFailureKind? failure) => failure switch
    {
        null => JobView.Completed,
        { } kind => string.Concat(kind.ToString().Select((c, i) => i > 0 && char.IsUpper(c) ? $"_{char.ToLowerInvariant(c)}" : $"{char.ToLowerInvariant(c)}")),
    };

    public void Dispose() => Meter.Dispose();

    private static KeyValuePair<string, object?> Kernel(string kernel) => new("kernel", kernel);

    private KeyValuePair<string, object?> Node(int node) => new("node", _nodes.Of(node));

    private KeyValuePair<string, object?> MemberOf(IActorRef worker) =>
        new("member", worker.Path.Address.HasLocalScope ? Member : worker.Path.Address.ToString());
}
