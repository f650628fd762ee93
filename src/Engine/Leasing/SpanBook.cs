namespace Engine.Leasing;

using Engine.Planning;
using Engine.Threading;

/// <summary>
/// A job's spans in flight and every copy of each, as its coordinator keeps them. The first copy to report
/// wins and the others are told to stop; a copy not reported in time (late), or whose thread gets no CPU
/// (starved, read from the scheduler), is offered to another worker; a copy nobody has started yet can be
/// taken back. Memory follows the copies in flight, never the job's size.
/// </summary>
/// <typeparam name="THolder">Who holds a copy (an actor reference, for the coordinator).</typeparam>
public sealed class SpanBook<THolder>(LeaseSettings settings, ISchedulerProbe scheduler) where THolder : notnull
{
    /// <param name="Local">The holder shares this process, so the lease's state and thread are visible.</param>
    /// <param name="Extra">A copy beside another (late, starved or speculative), not the span's first.</param>
    /// <param name="Place">Where the holder runs; by default nowhere known, sharing no CPUs with anyone.</param>
    public sealed record Copy(SpanLease Lease, THolder Holder, long GrantedAt, bool Local, bool Extra, WorkerPlace Place = default)
    {
        internal (SchedSample Sample, long At)? Baseline { get; set; }
    }

    /// <param name="Revoked">The copy taken back from its holder, if any: it will not run, and its lease must end.</param>
    public sealed record Claim(ChunkSpan Span, Copy? Revoked, ClaimKind Kind);

    private sealed class Entry(ChunkSpan span)
    {
        public ChunkSpan Span { get; } = span;
        public List<Copy> Copies { get; } = new(1);
        public bool Offered { get; set; }
        /// <summary>Offered because no copy reported within its lease: it may be stuck, not running, wherever it is.</summary>
        public bool Late { get; set; }
        public long FirstGrantedAt => Copies.Count == 0 ? long.MaxValue : Copies.Min(c => c.GrantedAt);
    }

    private readonly Dictionary<long, Entry> _entries = new();
    private readonly List<long> _offered = [];

    /// <summary>
    /// The holder that may always take a copy, past <see cref="LeaseSettings.MaxCopies"/> (the job's caller's
    /// lane): copies held by starved helpers must never use up a span's copies and leave it to them alone.
    /// </summary>
    public THolder? Favoured { get; set; }

    public bool IsEmpty => _entries.Count == 0;

    /// <summary>Copies found late (lease expired).</summary>
    public long Expired { get; private set; }

    /// <summary>Copies found starved on their thread.</summary>
    public long Starved { get; private set; }

    /// <summary>Items the running copies have done and not yet reported: the furthest copy of each span.</summary>
    public long ItemsInFlight() => _entries.Values.Sum(e => e.Copies.Count == 0 ? 0 : e.Copies.Max(c => c.Lease.Progress.Items));

    public IReadOnlyList<ChunkSpan> SpansHeldBy(Func<THolder, bool> holder) =>
        _entries.Values.Where(e => e.Copies.Any(c => holder(c.Holder))).Select(e => e.Span).ToArray();

    /// <summary>A copy of <paramref name="span"/> was granted: the span's first, or one more of a span in flight.</summary>
    public void Grant(ChunkSpan span, Copy copy)
    {
        if (!_entries.TryGetValue(span.First, out var entry))
            _entries[span.First] = entry = new Entry(span);
        entry.Copies.Add(copy);
    }

    /// <summary>
    /// A copy of the span reported its result: true if it is the first (it wins, the span leaves the book and
    /// <paramref name="losers"/> are the other copies, to be stopped), false for a late duplicate.
    /// </summary>
    /// <param name="winner">The reporting copy, or null if it had been dropped (its holder was thought lost).</param>
    public bool TryWin(ChunkSpan span, long leaseId, out Copy? winner, out IReadOnlyList<Copy> losers)
    {
        if (!_entries.Remove(span.First, out var entry))
        {
            (winner, losers) = (null, []);
            return false;
        }
        winner = entry.Copies.Find(c => c.Lease.Id == leaseId);
        losers = entry.Copies.Where(c => c.Lease.Id != leaseId).ToArray();
        return true;
    }

    /// <summary>
    /// Forgets copies (given back, taken back, stopped, or their holder lost). Spans left with no copy are
    /// returned: nobody runs them any more, so they must be handed out again.
    /// </summary>
    public IReadOnlyList<ChunkSpan> Drop(Func<Copy, bool> which, out IReadOnlyList<Copy> dropped)
    {
        var orphans = new List<ChunkSpan>();
        var gone = new List<Copy>();
        foreach (var entry in _entries.Values.ToArray())
        {
            var removed = entry.Copies.RemoveAll(c =>
            {
                if (!which(c))
                    return false;
                gone.Add(c);
                return true;
            });
            if (removed > 0 && entry.Copies.Count == 0)
            {
                _entries.Remove(entry.Span.First);
                orphans.Add(entry.Span);
            }
        }
        dropped = gone;
        return orphans;
    }

    /// <summary>
    /// Looks at every copy: late ones (older than the lease allows for a span of their size) and starved ones
    /// (their thread mostly waits for a CPU) put their span on offer for another worker.
    /// </summary>
    /// <param name="now">Ticks of the coordinator's clock, as <see cref="Copy.GrantedAt"/>.</param>
    /// <param name="medianChunkTicks">The job's median chunk time; 0 when unknown (nothing is late then).</param>
    /// <param name="copiesAllowed">The kernel may run a span twice: running copies may be offered.</param>
    /// <param name="lookForStarved">Read the scheduler too (worth it only when a worker would otherwise idle).</param>
    public void Review(long now, long medianChunkTicks, bool copiesAllowed, bool lookForStarved)
    {
        foreach (var entry in _entries.Values)
        {
            if (entry.Offered || (IsFull(entry) && entry.Copies.Any(c => IsFavoured(c.Holder))))
                continue;
            if (IsLate(entry, now, medianChunkTicks) && (copiesAllowed || entry.Copies.All(NotStarted)))
            {
                Offer(entry);
                entry.Late = true;
                Expired++;
            }
            else if (copiesAllowed && lookForStarved && entry.Copies.Any(c => IsStarved(c, now)))
            {
                Offer(entry);
                Starved++;
            }
        }
    }

    /// <summary>
    /// Drops every copy older than its lease allows (only the floor while the job has no chunk time yet), for
    /// a job that is stopping and will not wait for them.
    /// </summary>
    public IReadOnlyList<Copy> DropLate(long now, long medianChunkTicks)
    {
        var late = _entries.Values.Where(e => now - e.FirstGrantedAt > Deadline(e, medianChunkTicks))
            .SelectMany(e => e.Copies).ToHashSet();
        if (late.Count == 0)
            return [];
        Drop(late.Contains, out var dropped);
        return dropped;
    }

    /// <summary>
    /// What an idle worker may take besides fresh chunks: a span on offer (a copy), then, when the job has
    /// nothing fresh left, a copy nobody started (taken back from its holder, which will not run it), then
    /// a speculative copy of the oldest span that runs long. Nobody gets a speculative copy of a span already
    /// running on CPUs it shares, and only the favoured holder (at the caller's priority) a starved one's; a late
    /// span (maybe stuck, not running) anyone may copy.
    /// </summary>
    /// <param name="dry">No fresh chunk is left to hand out.</param>
    /// <param name="place">Where <paramref name="asker"/> runs.</param>
    public Claim? ClaimFor(THolder asker, bool dry, long now, long medianChunkTicks, bool copiesAllowed, WorkerPlace place = default)
    {
        _offered.RemoveAll(first => !_entries.TryGetValue(first, out var gone) || !gone.Offered);
        for (var i = 0; i < _offered.Count; i++)
        {
            var entry = _entries[_offered[i]];
            if (entry.Copies.Any(c => c.Holder.Equals(asker)) || (IsFull(entry) && !IsFavoured(asker)))
                continue;
            var revoked = TakeBack(entry, asker);
            if (revoked is null && (!copiesAllowed || (!entry.Late && !IsFavoured(asker) && RunsBeside(entry, place))))
                continue;
            entry.Offered = false;
            _offered.RemoveAt(i);
            return new Claim(entry.Span, revoked, ClaimKind.Offered);
        }
        if (!dry)
            return null;
        foreach (var entry in _entries.Values.OrderBy(e => e.FirstGrantedAt))
            if (!entry.Copies.Any(c => c.Holder.Equals(asker)) && TakeBack(entry, asker) is { } revoked)
                return new Claim(entry.Span, revoked, ClaimKind.TakenBack);
        // A worker still holding a span (prefetch) would start the copy only after it, when the original has likely ended.
        if (!copiesAllowed || medianChunkTicks <= 0 || _entries.Values.Any(e => e.Copies.Any(c => c.Holder.Equals(asker))))
            return null;
        var oldest = _entries.Values
            .Where(e => (!IsFull(e) || IsFavoured(asker)) && !RunsBeside(e, place))
            .Where(e => now - e.FirstGrantedAt > settings.SpeculationMultiplier * medianChunkTicks * e.Span.Count)
            .MinBy(e => e.FirstGrantedAt);
        return oldest is null ? null : new Claim(oldest.Span, null, ClaimKind.Speculative);
    }

    private Copy? TakeBack(Entry entry, THolder asker)
    {
        foreach (var copy in entry.Copies)
            if (copy.Local && !copy.Holder.Equals(asker) && copy.Lease.TryRevoke())
            {
                entry.Copies.Remove(copy);
                return copy;
            }
        return null;
    }

    private void Offer(Entry entry)
    {
        entry.Offered = true;
        _offered.Add(entry.Span.First);
    }

    /// <summary>A copy at <paramref name="place"/> would compete for the CPUs of a copy of the span already there.</summary>
    private static bool RunsBeside(Entry entry, WorkerPlace place) => entry.Copies.Any(c => c.Place.SharesCpusWith(place));

    private bool IsFull(Entry entry) => entry.Copies.Count >= settings.MaxCopies;

    private bool IsFavoured(THolder holder) => Favoured is not null && Favoured.Equals(holder);

    private bool IsLate(Entry entry, long now, long medianChunkTicks) =>
        medianChunkTicks > 0 && now - entry.FirstGrantedAt > Deadline(entry, medianChunkTicks);

    private double Deadline(Entry entry, long medianChunkTicks) =>
        Math.Max(settings.Floor.Ticks, settings.Multiplier * medianChunkTicks * entry.Span.Count);

    private static bool NotStarted(Copy copy) => copy.Local && !copy.Lease.IsRunning;

    /// <summary>Two looks at the thread's schedstat at least two check intervals apart: mostly waiting means starved.</summary>
    private bool IsStarved(Copy copy, long now)
    {
        if (!copy.Local || !copy.Lease.IsRunning || copy.Lease.ThreadId == 0)
            return false;
        if (scheduler.Sample(copy.Lease.ThreadId) is not { } sample)
            return false;
        if (copy.Baseline is not { } baseline)
        {
            copy.Baseline = (sample, now);
            return false;
        }
        var window = now - baseline.At;
        if (window < 2 * settings.CheckInterval.Ticks)
            return false;
        copy.Baseline = (sample, now);
        var waited = sample.WaitNanoseconds - baseline.Sample.WaitNanoseconds;
        return waited >= settings.StarvedWaitShare * window * 100;
    }
}

public enum ClaimKind
{
    /// <summary>A late or starved span: another copy, or the span itself taken back from a holder that had not started it.</summary>
    Offered,

    /// <summary>A span its holder had not started, given to an idle worker instead.</summary>
    TakenBack,

    /// <summary>A copy of a long-running span, run beside it by a worker that had nothing else to do.</summary>
    Speculative,
}
