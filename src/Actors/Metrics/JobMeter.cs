namespace Engine.Actors.Metrics;

using Akka.Actor;
using Engine.Actors.Coordination;
using Engine.Jobs;

/// <summary>
/// One job's measurements, made by its coordinator (one thread at a time). A span adds its run time and dispatch
/// latency to two <see cref="HistogramBatch"/>es (tags built once per node and member) and its chunks, items and
/// grant to tallies; batches and tallies reach the instruments at each progress tick and before the answer, so a
/// reader sees them at most a progress interval late and, once the job has answered, equal to its statistics.
/// With nobody listening, a span costs enabled checks.
/// </summary>
public sealed class JobMeter
{
    private readonly EngineMetrics _metrics;
    private readonly string _jobId;
    private readonly string _kernel;
    private readonly KeyValuePair<string, object?> _kernelTag;
    private readonly List<Source> _sources = [];

    internal JobMeter(EngineMetrics metrics, string jobId, string kernel)
    {
        _metrics = metrics;
        _jobId = jobId;
        _kernel = kernel;
        _kernelTag = new("kernel", kernel);
    }

    /// <summary>Whether the dispatch latency is recorded: the caller reads its clock only then.</summary>
    public bool TimesDispatch => _metrics.DispatchLatency.Enabled;

    public void SpanGranted(int node, IActorRef worker)
    {
        if (_metrics.GrantedSpans.Enabled)
            SourceOf(node, worker).Granted++;
    }

    /// <param name="elapsedTicks">The span's run time as the worker measured it (TimeSpan ticks).</param>
    /// <param name="sinceGrantedTicks">From handing out the winning copy to its result (TimeSpan ticks), or null if not timed.</param>
    public void SpanCompleted(long chunks, long items, long elapsedTicks, long? sinceGrantedTicks, int node, IActorRef worker)
    {
        var durations = _metrics.SpanDuration.Enabled;
        var latency = sinceGrantedTicks is not null && _metrics.DispatchLatency.Enabled;
        if (!durations && !latency && !_metrics.Chunks.Enabled && !_metrics.Items.Enabled)
            return;
        var source = SourceOf(node, worker);
        source.Chunks += chunks;
        source.Items += items;
        if (durations)
            source.Durations.Add(TimeSpan.FromTicks(elapsedTicks).TotalSeconds);
        // Grant to result, less the run itself: the time the span waited in the worker's mailbox and on the wire.
        if (latency)
            source.Latencies.Add(TimeSpan.FromTicks(Math.Max(0, sinceGrantedTicks!.Value - elapsedTicks)).TotalSeconds);
    }

    /// <param name="completedChunks">Chunks of the span that completed before it stopped; they count as completed.</param>
    public void SpanFailed(long completedChunks, long items, int node, IActorRef worker)
    {
        var source = SourceOf(node, worker);
        _metrics.FailedSpans.Add(1, source.Tags);
        source.Chunks += completedChunks;
        source.Items += items;
        _metrics.Jobs.Failed(_jobId);
    }

    public void DuplicateDropped(IActorRef worker)
    {
        _metrics.Duplicates.Add(1, _kernelTag, _metrics.MemberOf(worker));
        _metrics.Jobs.Duplicate(_jobId);
    }

    public void SpansRequeued(int spans)
    {
        if (spans <= 0)
            return;
        _metrics.Requeued.Add(spans, _kernelTag, _metrics.MemberTag);
        _metrics.Jobs.Requeued(_jobId, spans);
    }

    /// <summary>The coordinator's periodic view of the running job; the counters catch up with it.</summary>
    public void Progressed(JobProgress progress)
    {
        Flush();
        _metrics.Jobs.Progressed(progress);
    }

    /// <param name="failure">Why the job failed, or null if it completed.</param>
    public void Closed(JobFailed? failure, JobStatistics statistics)
    {
        Flush();
        _metrics.JobClosed(_jobId, _kernel, failure, statistics);
    }

    /// <summary>Adds the tallies to the counters (also when the coordinator stops without an answer).</summary>
    public void Flush()
    {
        foreach (var source in _sources)
        {
            if (source.Granted > 0)
                _metrics.GrantedSpans.Add(source.Granted, source.Tags);
            if (source.Chunks > 0)
                _metrics.Chunks.Add(source.Chunks, source.Tags);
            if (source.Items > 0)
                _metrics.Items.Add(source.Items, source.Tags);
            (source.Granted, source.Chunks, source.Items) = (0, 0, 0);
            source.Durations.Record();
            source.Latencies.Record();
        }
    }

    /// <summary>A job's workers sit on a few nodes of a few members: a short list beats hashing an actor's path.</summary>
    private Source SourceOf(int node, IActorRef worker)
    {
        var address = worker.Path.Address;
        foreach (var source in _sources)
            if (source.Node == node && (ReferenceEquals(source.Address, address) || source.Address.Equals(address)))
                return source;
        var member = _metrics.MemberOf(worker);
        KeyValuePair<string, object?>[] tags = [_kernelTag, _metrics.NodeTag(node), member];
        var added = new Source(node, address, tags,
            new HistogramBatch(_metrics.SpanDuration, tags), new HistogramBatch(_metrics.DispatchLatency, [_kernelTag, member]));
        _sources.Add(added);
        return added;
    }

    /// <summary>Workers of one node on one member: the tags of their measurements, and what the counters have not seen yet.</summary>
    private sealed class Source(int node, Address address, KeyValuePair<string, object?>[] tags, HistogramBatch durations, HistogramBatch latencies)
    {
        public int Node { get; } = node;
        public Address Address { get; } = address;
        public KeyValuePair<string, object?>[] Tags { get; } = tags;
        public HistogramBatch Durations { get; } = durations;
        public HistogramBatch Latencies { get; } = latencies;
        public long Granted { get; set; }
        public long Chunks { get; set; }
        public long Items { get; set; }
    }
}
