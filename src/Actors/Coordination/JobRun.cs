namespace Engine.Actors.Coordination;

using System.Diagnostics;
using Akka.Actor;
using Engine.Actors.Throttling;
using Engine.Actors.Workers;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Leasing;
using Engine.Planning;
using Engine.Policies;

/// <summary>
/// One running job as its coordinator sees it: the chunk cursor, the leases of the spans in flight (every
/// copy of each, who holds it), the ordered fold of results, and the figures for its statistics. Memory grows
/// with spans in flight, never with the job's size.
/// </summary>
internal sealed class JobRun
{
    private readonly ChunkDispenser _dispenser;
    private readonly OrderedFold _fold;
    private readonly SpanBook<IActorRef> _book;
    private long _itemsShown;
    private readonly ChunkTimes _times = new();
    private readonly SpanLeases _leases;
    private readonly CancellationToken _token;
    private readonly Dictionary<IActorRef, int> _helpers = new();
    private readonly Dictionary<int, HashSet<IActorRef>> _helpersThatRan = new();
    private readonly Dictionary<int, long> _chunksPerNode = new();
    private readonly Dictionary<string, long> _chunksPerMember = new();
    private readonly string _localMember;
    private readonly Cluster.MemberMachines _machines;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly TimeSpan _spanTarget;
    private long _runTicks;
    private long _requeued;
    private long _duplicates;
    private long _takenBack;
    private long _copies;
    private long _copiesWon;
    private int _peakHelpers;
    private readonly Action<long, long, object?>? _recorded;

    /// <param name="completed">Spans completed before a restart, read back from the journal, in the order written;
    /// a span overlapping an earlier one (a snapshot taken while its write was under way) is skipped.</param>
    /// <param name="recorded">Told of every span of chunks this run completes (what the journal writes).</param>
    public JobRun(string jobId, JobSpec spec, IChunkKernel kernel, ChunkPlan plan, IReadOnlyList<NodePart> parts,
        IActorRef submitter, bool reportProgress, EngineRuntime runtime, IActorRef coordinator, Address localMember,
        IEnumerable<(long First, long Count, object? Result)>? completed = null, Action<long, long, object?>? recorded = null)
    {
        _localMember = localMember.ToString();
        _machines = runtime.Machines;
        JobId = jobId;
        Spec = spec;
        Kernel = kernel;
        Plan = plan;
        Submitter = submitter;
        ReportProgress = reportProgress;
        _spanTarget = runtime.Settings.SpanTarget;
        _leases = runtime.Leases;
        FirstLease = runtime.Leases.LastIssued + 1;
        Key = JobTicket.KeyOf(coordinator, jobId);
        _token = runtime.Cancellations.Open(Key);
        _book = new SpanBook<IActorRef>(runtime.Settings.Leases, runtime.Settings.Scheduler);
        _fold = new OrderedFold(plan.ChunkCount, kernel.Combine);
        foreach (var (first, count, result) in completed ?? [])
            if (count > 0 && first >= 0 && first + count <= plan.ChunkCount && !_fold.Overlaps(first, count))
            {
                _fold.Add(first, count, result);
                ItemsDone += plan.ItemsIn(first, count);
            }
        ResumedChunks = _fold.CompletedChunks;
        _dispenser = new ChunkDispenser(parts, _fold.CompletedRanges);
        _recorded = recorded;
    }

    /// <summary>Chunks completed before a restart (from the journal), not run again.</summary>
    public long ResumedChunks { get; }

    /// <summary>The folded results so far (what a ledger snapshot keeps).</summary>
    public IReadOnlyList<(long First, long End, object? Value)> Segments => _fold.Segments;

    public string JobId { get; }

    /// <summary>The job in this process's tables (see <see cref="JobTicket.Key"/>).</summary>
    public string Key { get; }
    public JobSpec Spec { get; }
    public IChunkKernel Kernel { get; }
    public ChunkPlan Plan { get; }
    public IActorRef Submitter { get; }
    public bool ReportProgress { get; }
    /// <summary>The job's caller's lane: it may always take a copy of a late or starved span.</summary>
    public IActorRef Lane
    {
        get => _book.Favoured ?? ActorRefs.Nobody;
        set => _book.Favoured = value;
    }

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

    /// <summary>Lane requests the coordinator holds back while nothing is left for the lane to run.</summary>
    public int ParkedLaneRequests { get; set; }

    public long ItemsDone { get; private set; }

    /// <summary>The first lease this job may issue: a report under an older one is from an earlier job with this id.</summary>
    public long FirstLease { get; }

    /// <summary>Completed chunks undone or being undone, so none is undone twice.</summary>
    public UndoneChunks Undone { get; } = new();

    /// <summary>Undo batches sent to the lane and not yet finished.</summary>
    public int PendingUndos { get; set; }

    public bool IsComplete => _fold.IsComplete;
    public bool HasSpansInFlight => !_book.IsEmpty;
    public object? Result => _fold.Result ?? Kernel.Empty(Spec.Arguments);
    public int HelpersAttached => _helpers.Count;
    public IEnumerable<(long First, long End)> CompletedRanges => _fold.CompletedRanges;
    public long ChunksDone => _fold.CompletedChunks;

    /// <summary>The job's clock (TimeSpan ticks since it started), as <see cref="SpanBook{THolder}.Copy.GrantedAt"/>.</summary>
    public long Now => _clock.Elapsed.Ticks;

    /// <summary>When the copy whose result <see cref="Complete"/> last counted was handed out, if it was in the book.</summary>
    public long? WinnerGrantedAt { get; private set; }

    public bool IsHelper(IActorRef worker) => !worker.Equals(Lane);

    /// <summary>Helpers the job may have at once on every member together (its maxHelpers less the lane).</summary>
    public int HelperBudget { get; set; }

    /// <summary>Stopping: the throttlers of every member have been told to send no more helpers.</summary>
    public bool HelpersClosed { get; set; }

    /// <summary>A worker asks for chunks: false for a helper beyond the job's budget (every member lends helpers, and only here are they all counted).</summary>
    public bool Attach(IActorRef worker, int node)
    {
        if (!IsHelper(worker) || _helpers.ContainsKey(worker))
            return true;
        if (_helpers.Count >= HelperBudget)
            return false;
        _helpers[worker] = node;
        _peakHelpers = Math.Max(_peakHelpers, _helpers.Count);
        return true;
    }

    public void Detach(IActorRef worker) => _helpers.Remove(worker);

    /// <summary>
    /// A span for <paramref name="worker"/>: one offered because its copy is late or starved, else fresh chunks,
    /// else (nothing fresh left) one taken back from a holder that has not started it or a copy of a span that
    /// runs long. The grant is a new lease.
    /// </summary>
    public bool TryTake(IActorRef worker, int node, out SpanLease lease)
    {
        lease = null!;
        if (Stopping is not null)
            return false;
        var now = Now;
        var median = _times.MedianTicks;
        var place = _machines.PlaceOf(worker.Path.Address, node);
        var claim = _book.ClaimFor(worker, dry: false, now, median, Kernel.MayRunTwice, place);
        ChunkSpan span;
        if (claim is null && _dispenser.TryTake(node, SpanLength(), out var fresh))
            span = fresh;
        else
        {
            claim ??= _book.ClaimFor(worker, dry: true, now, median, Kernel.MayRunTwice, place);
            if (claim is null)
                return false;
            span = claim.Span;
        }
        if (claim?.Revoked is { } revoked)
        {
            _leases.End(revoked.Lease);
            _takenBack++;
        }
        var extra = claim is not null && claim.Revoked is null;
        if (extra)
            _copies++;
        lease = _leases.Issue(span, _token);

        _book.Grant(span, new SpanBook<IActorRef>.Copy(lease, worker, now, IsLocal(worker), extra, place));
        return true;
    }

    /// <summary>Looks for late and (when a worker waits for work) starved copies; they are offered to others.</summary>
    public void ReviewLeases() =>
        _book.Review(Now, _times.MedianTicks, Kernel.MayRunTwice && Stopping is null,
            lookForStarved: _dispenser.IsDry && (ParkedLaneRequests > 0 || Stopping is not null));

    /// <summary>Records a span's result; false for a late duplicate (the first result of a span wins).</summary>
    public bool Complete(ChunksDone done, IActorRef worker)
    {
        var span = done.Span;
        WinnerGrantedAt = null;
        if (IsEarlierJobs(done.Lease))
            return false;
        if (!Win(span, done.Lease) && !_dispenser.Withdraw(span))
        {
            _duplicates++;
            return false;
        }
        Record(span.First, span.Count, done.Result, worker, done.Node);
        _runTicks += done.ElapsedTicks;
        _times.Add(done.ElapsedTicks, span.Count);
        return true;
    }

    /// <summary>
    /// A copy stopped early. A chunk that threw stops the job (ktask: nobody claims new chunks); a copy stopped
    /// by cancellation only reports the chunks it completed, and what it did not run is handed out again unless
    /// another copy still runs the span.
    /// </summary>
    public void Fail(ChunkFailed failure, IActorRef worker)
    {
        var span = failure.Span;
        if (IsEarlierJobs(failure.Lease))
            return;
        if (failure.FailedChunk is null)
        {
            var orphaned = _book.Drop(c => c.Lease.Id == failure.Lease, out var stopped);
            EndLeases(stopped);
            if (orphaned.Count == 0 && !_dispenser.Withdraw(span))
                return;
        }
        else if (!Win(span, failure.Lease) && !_dispenser.Withdraw(span))
            return;
        Record(span.First, failure.CompletedChunks, failure.CompletedResult, worker, failure.Node);
        if (failure.FailedChunk is { } chunk)
            StopWith(JobFailureKind.ChunkFailed, $"{chunk} failed: {failure.Error}", chunk);
        else if (failure.CompletedChunks < span.Count)
            _dispenser.Return(new ChunkSpan(span.First + failure.CompletedChunks, (int)(span.Count - failure.CompletedChunks)));
    }

    /// <summary>
    /// The job winds down: no new spans, and copies nobody has started are taken back at once, so the job
    /// waits only for chunks that really run.
    /// </summary>
    public void StopWith(JobFailureKind kind, string reason, ChunkRange? chunk = null)
    {
        Stopping ??= new JobFailed(JobId, kind, null, reason, chunk, null);
        _book.Drop(c => c.Local && c.Lease.TryRevoke(), out var revoked);
        EndLeases(revoked);
    }

    /// <summary>Copies given back (their worker will not run them) or held by a lost worker or member: dropped; spans nobody runs any more go back to the cursor.</summary>
    public IReadOnlyList<ChunkSpan> Requeue(Func<SpanBook<IActorRef>.Copy, bool> which)
    {
        var orphans = _book.Drop(which, out var dropped);
        EndLeases(dropped);
        foreach (var span in orphans)
        {
            _dispenser.Return(span);
            _requeued++;
        }
        return orphans;
    }

    public void DetachAllAt(Address member)
    {
        foreach (var worker in _helpers.Keys.Where(w => w.Path.Address.Equals(member)).ToArray())
            _helpers.Remove(worker);
    }

    /// <summary>Completed chunks not undone yet, now marked undone: what the next undo batch must revert.</summary>
    public IReadOnlyList<(long First, long End)> TakeUndo() =>
        CompletedRanges.SelectMany(r => Undone.TakeNew(r.First, r.End - r.First)).ToArray();

    private bool IsEarlierJobs(long lease) => lease != 0 && lease < FirstLease;

    /// <summary>Items include those of spans still running (what their kernels said), never going back.</summary>
    public JobProgress Progress()
    {
        _itemsShown = Math.Max(_itemsShown, Math.Min(Plan.Size, ItemsDone + _book.ItemsInFlight()));
        return new(JobId, ChunksDone, Plan.ChunkCount, _itemsShown, Plan.Size, _helpers.Count, _clock.Elapsed);
    }

    /// <param name="decisions">The engine's decisions (caps, energy); the job's own are added after them.</param>
    /// <param name="journaled">The job keeps a ledger in the journal.</param>
    public JobStatistics Statistics(IReadOnlyList<PolicyDecision> decisions, bool journaled) => new(
        _clock.Elapsed, Plan.Size, Plan.ChunkCount, Plan.ChunkSize, Plan.Threads,
        _helpersThatRan.ToDictionary(p => p.Key, p => p.Value.Count),
        new Dictionary<int, long>(_chunksPerNode),
        _peakHelpers, _requeued, _duplicates, decisions.Concat(Decisions).ToArray(), new Dictionary<string, long>(_chunksPerMember))
    {
        TakenBack = _takenBack,
        LateSpans = _book.Expired,
        StarvedSpans = _book.Starved,
        Copies = _copies,
        CopiesWon = _copiesWon,
        Journaled = journaled,
        ResumedChunks = ResumedChunks,
    };

    /// <summary>
    /// A stopping job gives up on copies whose lease ran out (a frozen member, a starved thread), unless its
    /// kernel has undo: then every chunk that completes must be in before the undo, so it waits for them (a
    /// lost member's copies still end when the member is lost).
    /// </summary>
    public IReadOnlyList<SpanBook<IActorRef>.Copy> DropLateCopies()
    {
        if (Kernel.HasUndo)
            return [];
        var dropped = _book.DropLate(Now, _times.MedianTicks);
        foreach (var copy in dropped)
            copy.Lease.Cancel();
        EndLeases(dropped);
        return dropped;
    }

    /// <summary>The job's answer went out: leases still open end, so late copies find nothing to run.</summary>
    public void EndAllLeases()
    {
        _book.Drop(_ => true, out var all);
        foreach (var copy in all)
            copy.Lease.Cancel();
        EndLeases(all);
    }

    /// <summary>Copies on other members that lost (another copy won); the coordinator tells their members to stop them.</summary>
    public List<SpanBook<IActorRef>.Copy> RemoteLosers { get; } = [];

    /// <summary>The span's first report wins: the other copies are taken back or stopped.</summary>
    private bool Win(ChunkSpan span, long leaseId)
    {
        if (!_book.TryWin(span, leaseId, out var winner, out var losers))
            return false;
        foreach (var loser in losers)
            if (!loser.Local)
                RemoteLosers.Add(loser);
            else if (!loser.Lease.TryRevoke())
                loser.Lease.Cancel();
        EndLeases(losers);
        WinnerGrantedAt = winner?.GrantedAt;
        if (winner is not null)
            _leases.End(winner.Lease);
        else if (LeaseOrNone(leaseId) is { } dropped)
            _leases.End(dropped);
        if (winner is { Extra: true })
            _copiesWon++;
        return true;
    }

    private SpanLease? LeaseOrNone(long id) => id != 0 && _leases.TryGet(id, out var lease) ? lease : null;

    private void EndLeases(IEnumerable<SpanBook<IActorRef>.Copy> copies)
    {
        foreach (var copy in copies)
            _leases.End(copy.Lease);
    }

    private static bool IsLocal(IActorRef worker) => worker.Path.Address.HasLocalScope;

    private void Record(long first, long count, object? result, IActorRef worker, int node)
    {
        if (count <= 0)
            return;
        _fold.Add(first, count, result);
        _recorded?.Invoke(first, count, result);
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
        var ran = ChunksDone - ResumedChunks;
        if (ran <= 0 || _runTicks == 0)
            return 1;
        var meanTicks = Math.Max(1, _runTicks / ran);
        var byTime = Math.Clamp(_spanTarget.Ticks / meanTicks, 1, 1 << 16);
        var byBalance = Math.Max(1, _dispenser.Remaining / (ChunkPlanner.LoadBalanceFactor * (_helpers.Count + 1)));
        return (int)Math.Min(byTime, byBalance);
    }
}
