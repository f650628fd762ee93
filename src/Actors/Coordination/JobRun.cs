namespace Engine.Actors.Coordination;

using System.Diagnostics;
using Akka.Actor;
using Engine.Actors.Throttling;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Planning;
using Engine.Policies;

/// <summary>
/// One running job as its coordinator sees it: the chunk cursor, the spans in flight and who holds them,
/// the ordered fold of results, and the figures for its statistics. Memory grows with spans in flight,
/// never with the job's size.
/// </summary>
internal sealed class JobRun
{
    private sealed record InFlight(ChunkSpan Span, IActorRef Worker);

    private readonly ChunkDispenser _dispenser;
    private readonly OrderedFold _fold;
    private readonly Dictionary<long, InFlight> _inFlight = new();
    private readonly Dictionary<IActorRef, int> _helpers = new();
    private readonly Dictionary<int, HashSet<IActorRef>> _helpersThatRan = new();
    private readonly Dictionary<int, long> _chunksPerNode = new();
    private readonly Dictionary<string, long> _chunksPerMember = new();
    private readonly string _localMember;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _spanTarget;
    private long _runTicks;
    private long _requeued;
    private long _duplicates;
    private int _peakHelpers;

    public JobRun(string jobId, JobSpec spec, IChunkKernel kernel, ChunkPlan plan, IReadOnlyList<NodePart> parts,
        IActorRef submitter, bool reportProgress, TimeSpan spanTarget, Address localMember)
    {
        _localMember = localMember.ToString();
        JobId = jobId;
        Spec = spec;
        Kernel = kernel;
        Plan = plan;
        Submitter = submitter;
        ReportProgress = reportProgress;
        _spanTarget = spanTarget;
        _dispenser = new ChunkDispenser(parts);
        _fold = new OrderedFold(plan.ChunkCount, kernel.Combine);
    }

    public string JobId { get; }
    public JobSpec Spec { get; }
    public IChunkKernel Kernel { get; }
    public ChunkPlan Plan { get; }
    public IActorRef Submitter { get; }
    public bool ReportProgress { get; }
    public IActorRef Lane { get; set; } = ActorRefs.Nobody;

    /// <summary>What the throttler is asked for when the job opens for helpers (now, or once its chunks are timed).</summary>
    public OpenJob? HelperRequest { get; set; }

    /// <summary>An automatic job whose helpers wait until the lane has timed its first chunks.</summary>
    public bool AwaitingTiming { get; set; }

    /// <summary>Rules that decided something for this job alone (e.g. its automatic helper count).</summary>
    public List<PolicyDecision> Decisions { get; } = [];

    /// <summary>Time spent running the completed spans, summed over every thread.</summary>
    public long RunTicks => _runTicks;

    /// <summary>Why the job is winding down (failure, cancellation, timeout), or null while it runs.</summary>
    public JobFailed? Stopping { get; private set; }

    /// <summary>Lane requests the coordinator holds back while every remaining chunk is in flight elsewhere.</summary>
    public int ParkedLaneRequests { get; set; }

    public long ItemsDone { get; private set; }
    public bool IsComplete => _fold.IsComplete;
    public bool HasSpansInFlight => _inFlight.Count > 0;
    public bool IsDry => _dispenser.IsDry;
    public object? Result => _fold.Result ?? Kernel.Empty(Spec.Arguments);
    public int HelpersAttached => _helpers.Count;
    public IEnumerable<(long First, long End)> CompletedRanges => _fold.CompletedRanges;
    public long ChunksDone => _fold.CompletedChunks;

    public bool IsHelper(IActorRef worker) => !worker.Equals(Lane);

    public void Attach(IActorRef worker, int node)
    {
        if (!IsHelper(worker) || !_helpers.TryAdd(worker, node))
            return;
        _peakHelpers = Math.Max(_peakHelpers, _helpers.Count);
    }

    public bool HoldsSpans(IActorRef worker) => _inFlight.Values.Any(f => f.Worker.Equals(worker));

    public void Detach(IActorRef worker) => _helpers.Remove(worker);

    public bool TryTake(IActorRef worker, int node, out ChunkSpan span)
    {
        span = default;
        if (Stopping is not null || !_dispenser.TryTake(node, SpanLength(), out span))
            return false;
        _inFlight[span.First] = new InFlight(span, worker);
        return true;
    }

    /// <summary>Records a span's result; false for a late duplicate (the first result of a span wins).</summary>
    public bool Complete(ChunkSpan span, object? result, long elapsedTicks, IActorRef worker, int node)
    {
        if (!_inFlight.Remove(span.First) && !_dispenser.Withdraw(span))
        {
            _duplicates++;
            return false;
        }
        Record(span.First, span.Count, result, worker, node);
        _runTicks += elapsedTicks;
        return true;
    }

    /// <summary>The first error stops the job (ktask: nobody claims new chunks); later ones only report completed work.</summary>
    public void Fail(ChunkFailed failure, IActorRef worker)
    {
        if (!_inFlight.Remove(failure.Span.First) && !_dispenser.Withdraw(failure.Span))
            return;
        Record(failure.Span.First, failure.CompletedChunks, failure.CompletedResult, worker, failure.Node);
        if (failure.FailedChunk is { } chunk)
            StopWith(JobFailureKind.ChunkFailed, $"{chunk} failed: {failure.Error}", chunk);
        else
            _dispenser.Return(new ChunkSpan(failure.Span.First + failure.CompletedChunks,
                (int)(failure.Span.Count - failure.CompletedChunks)));
    }

    public void StopWith(JobFailureKind kind, string reason, ChunkRange? chunk = null) =>
        Stopping ??= new JobFailed(JobId, kind, null, reason, chunk, null);

    /// <summary>A worker gave back a span or was lost: its spans go back to the cursor to be handed out again.</summary>
    public void Requeue(ChunkSpan span)
    {
        if (!_inFlight.Remove(span.First))
            return;
        _dispenser.Return(span);
        _requeued++;
    }

    public IReadOnlyList<ChunkSpan> SpansHeldAt(Address member) =>
        _inFlight.Values.Where(f => f.Worker.Path.Address.Equals(member)).Select(f => f.Span).ToArray();

    public void DetachAllAt(Address member)
    {
        foreach (var worker in _helpers.Keys.Where(w => w.Path.Address.Equals(member)).ToArray())
            _helpers.Remove(worker);
    }

    public IReadOnlyList<ChunkSpan> SpansHeldBy(IActorRef worker) =>
        _inFlight.Values.Where(f => f.Worker.Equals(worker)).Select(f => f.Span).ToArray();

    public JobProgress Progress() => new(JobId, ChunksDone, Plan.ChunkCount, ItemsDone, Plan.Size, _helpers.Count, _clock.Elapsed);

    /// <param name="decisions">The engine's decisions (caps, energy); the job's own are added after them.</param>
    public JobStatistics Statistics(IReadOnlyList<PolicyDecision> decisions) => new(
        _clock.Elapsed, Plan.Size, Plan.ChunkCount, Plan.ChunkSize, Plan.Works,
        _helpersThatRan.ToDictionary(p => p.Key, p => p.Value.Count),
        new Dictionary<int, long>(_chunksPerNode),
        _peakHelpers, _requeued, _duplicates, decisions.Concat(Decisions).ToArray(), new Dictionary<string, long>(_chunksPerMember));

    private void Record(long first, long count, object? result, IActorRef worker, int node)
    {
        if (count <= 0)
            return;
        _fold.Add(first, count, result);
        ItemsDone += Plan.ItemsIn(first, count);
        var key = IsHelper(worker) ? node : -1;
        _chunksPerNode[key] = _chunksPerNode.GetValueOrDefault(key) + count;
        var member = worker.Path.Address.HasLocalScope ? _localMember : worker.Path.Address.ToString();
        _chunksPerMember[member] = _chunksPerMember.GetValueOrDefault(member) + count;
        if (IsHelper(worker))
        {
            if (!_helpersThatRan.TryGetValue(node, out var set))
                _helpersThatRan[node] = set = [];
            set.Add(worker);
        }
    }

    /// <summary>
    /// Chunks per span: one until chunks have been timed, then enough to fill the span target, but never
    /// so many that the tail of the job cannot be shared among its threads.
    /// </summary>
    private int SpanLength()
    {
        if (ChunksDone == 0 || _runTicks == 0)
            return 1;
        var meanTicks = Math.Max(1, _runTicks / ChunksDone);
        var byTime = Math.Clamp(_spanTarget.Ticks / meanTicks, 1, 1 << 16);
        var byBalance = Math.Max(1, _dispenser.Remaining / (ChunkPlanner.LoadBalanceFactor * (_helpers.Count + 1)));
        return (int)Math.Min(byTime, byBalance);
    }
}
