namespace Engine.Actors.Metrics;

using System.Diagnostics.Metrics;
using Akka.Actor;
using Engine.Actors.Coordination;
using Engine.Jobs;
using Engine.Planning;

/// <summary>
/// The engine's meter, named <see cref="MeterName"/> for OpenTelemetry (<c>.AddMeter(EngineMetrics.MeterName)</c>)
/// or any <see cref="MeterListener"/>, and the live <see cref="JobBoard"/> that dashboards read. The coordinator
/// measures each job through its <see cref="JobMeter"/>; with nobody listening a span costs the instruments' enabled checks.
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

    private readonly Counter<long> _jobs;
    private readonly Counter<long> _leaseEvents;
    private readonly Histogram<double> _jobDuration;
    private readonly NodeTags _nodes = new();

    /// <param name="member">This member's address (the process's default address outside a cluster).</param>
    public EngineMetrics(string member)
    {
        Member = member;
        Meter = new Meter(MeterName, typeof(EngineMetrics).Assembly.GetName().Version?.ToString());
        Chunks = Meter.CreateCounter<long>("engine.chunks.completed", "{chunk}", "Chunks completed (each counted once)");
        Items = Meter.CreateCounter<long>("engine.items.completed", "{item}", "Items in the chunks completed");
        GrantedSpans = Meter.CreateCounter<long>("engine.spans.granted", "{span}", "Spans of chunks handed out to workers");
        Requeued = Meter.CreateCounter<long>("engine.spans.requeued", "{span}", "Spans handed out again because their worker or member was lost");
        FailedSpans = Meter.CreateCounter<long>("engine.spans.failed", "{span}", "Spans that stopped on a kernel error or the job's cancellation");
        Duplicates = Meter.CreateCounter<long>("engine.duplicates.dropped", "{span}", "Late results of spans already counted");
        _jobs = Meter.CreateCounter<long>("engine.jobs.completed", "{job}", "Jobs that ended, by outcome");
        _leaseEvents = Meter.CreateCounter<long>("engine.spans.leases", "{span}",
            "What leases did, by event: taken_back (unstarted, run elsewhere), starved and late (offered again), speculative (extra copies run), speculative_won");
        SpanDuration = Meter.CreateHistogram("engine.span.duration", "s", "Time a worker spent running one span",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SpanBuckets });
        DispatchLatency = Meter.CreateHistogram("engine.dispatch.latency", "s", "From handing a span out to its worker starting it",
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

    internal Counter<long> Chunks { get; }
    internal Counter<long> Items { get; }
    internal Counter<long> GrantedSpans { get; }
    internal Counter<long> Requeued { get; }
    internal Counter<long> FailedSpans { get; }
    internal Counter<long> Duplicates { get; }
    internal Histogram<double> SpanDuration { get; }
    internal Histogram<double> DispatchLatency { get; }

    internal KeyValuePair<string, object?> MemberTag => new("member", Member);

    /// <summary>A job this member coordinates starts: its coordinator measures it through the meter returned.</summary>
    public JobMeter JobOpened(string jobId, string kernel, ChunkPlan plan)
    {
        Jobs.Open(jobId, kernel, plan);
        return new JobMeter(this, jobId, kernel);
    }

    /// <param name="failure">Why the job failed, or null if it completed.</param>
    internal void JobClosed(string jobId, string kernel, JobFailed? failure, JobStatistics statistics)
    {
        var outcome = new KeyValuePair<string, object?>("outcome", Outcome(failure?.Kind));
        _jobs.Add(1, Kernel(kernel), outcome, MemberTag);
        _jobDuration.Record(statistics.Elapsed.TotalSeconds, Kernel(kernel), outcome, MemberTag);
        LeaseEvent(kernel, "taken_back", statistics.TakenBack);
        LeaseEvent(kernel, "starved", statistics.StarvedSpans);
        LeaseEvent(kernel, "late", statistics.LateSpans);
        LeaseEvent(kernel, "speculative", statistics.Copies);
        LeaseEvent(kernel, "speculative_won", statistics.CopiesWon);
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

    private void LeaseEvent(string kernel, string leaseEvent, long count)
    {
        if (count > 0)
            _leaseEvents.Add(count, Kernel(kernel), new KeyValuePair<string, object?>("event", leaseEvent), MemberTag);
    }

    internal KeyValuePair<string, object?> NodeTag(int node) => new("node", _nodes.Of(node));

    internal KeyValuePair<string, object?> MemberOf(IActorRef worker) =>
        new("member", worker.Path.Address.HasLocalScope ? Member : worker.Path.Address.ToString());
}
