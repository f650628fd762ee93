namespace Engine.Tests.Leasing;

using Engine.Leasing;
using Engine.Planning;
using Engine.Threading;

public class SpanBookTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);
    private readonly SpanLeases _leases = new();
    private readonly FakeScheduler _scheduler = new();
    // engine.conf's leases, but a floor of 100 ms (this project reads no HOCON).
    private readonly LeaseSettings _settings = new(Multiplier: 4, Floor: TimeSpan.FromMilliseconds(100), SpeculationMultiplier: 1.5,
        StarvedWaitShare: 0.5, CheckInterval: TimeSpan.FromMilliseconds(20), MaxCopies: 3);

    private SpanBook<string> Book() => new(_settings, _scheduler);

    private static readonly WorkerPlace ThisMachine = new("boot-a", Node: 0);

    private SpanBook<string>.Copy Grant(SpanBook<string> book, ChunkSpan span, string holder, long at, bool local = true, bool extra = false,
        WorkerPlace place = default)
    {
        var copy = new SpanBook<string>.Copy(_leases.Issue(span, CancellationToken.None), holder, at, local, extra, place);
        book.Grant(span, copy);
        return copy;
    }

    /// <summary>Starts <paramref name="copy"/> on thread 7, which then waits for a CPU 90% of a review window: returns the time it is seen starved.</summary>
    private long Starve(SpanBook<string> book, SpanBook<string>.Copy copy)
    {
        Assert.True(copy.Lease.TryStart(threadId: 7));
        var window = 2 * _settings.CheckInterval.Ticks;
        _scheduler.Set(7, new SchedSample(RunNanoseconds: 1_000, WaitNanoseconds: 0));
        book.Review(now: 1, 0, copiesAllowed: true, lookForStarved: true);
        _scheduler.Set(7, new SchedSample(RunNanoseconds: 2_000, WaitNanoseconds: window * 100 * 9 / 10));
        book.Review(now: 1 + window, 0, copiesAllowed: true, lookForStarved: true);
        return 1 + window;
    }

    [Fact]
    public void The_first_copy_to_report_wins_and_a_second_report_of_the_span_is_a_duplicate()
    {
        var book = Book();
        var span = new ChunkSpan(4, 2);
        var first = Grant(book, span, "helper", at: 0);
        var copy = Grant(book, span, "lane", at: 10, extra: true);

        Assert.True(book.TryWin(span, copy.Lease.Id, out var winner, out var losers));
        Assert.Same(copy, winner);
        Assert.Equal([first], losers);
        Assert.False(book.TryWin(span, first.Lease.Id, out _, out _));
        Assert.True(book.IsEmpty);
    }

    [Fact]
    public void A_copy_nobody_started_is_taken_back_for_an_idle_worker_once_nothing_fresh_is_left()
    {
        var book = Book();
        var span = new ChunkSpan(0, 1);
        var prefetched = Grant(book, span, "helper", at: 0);

        Assert.Null(book.ClaimFor("lane", dry: false, now: 1, medianChunkTicks: 0, copiesAllowed: true));
        var claim = Assert.IsType<SpanBook<string>.Claim>(book.ClaimFor("lane", dry: true, now: 1, medianChunkTicks: 0, copiesAllowed: true));

        Assert.Equal(ClaimKind.TakenBack, claim.Kind);
        Assert.Same(prefetched, claim.Revoked);
        Assert.False(prefetched.Lease.TryStart(threadId: 42), "the helper must not run a span taken back from it");
    }

    [Fact]
    public void A_copy_already_running_is_never_taken_back()
    {
        var book = Book();
        var running = Grant(book, new ChunkSpan(0, 1), "helper", at: 0);
        Assert.True(running.Lease.TryStart(threadId: 42));

        Assert.Null(book.ClaimFor("lane", dry: true, now: 1, medianChunkTicks: 0, copiesAllowed: false));
    }

    [Fact]
    public void A_holder_never_takes_back_or_copies_its_own_span()
    {
        var book = Book();
        Grant(book, new ChunkSpan(0, 1), "helper", at: 0);

        Assert.Null(book.ClaimFor("helper", dry: true, now: 10_000 * Ms.Ticks, medianChunkTicks: Ms.Ticks, copiesAllowed: true));
    }

    [Fact]
    public void A_copy_not_reported_within_its_lease_is_offered_to_another_worker()
    {
        var book = Book();
        var span = new ChunkSpan(0, 3);
        var remote = Grant(book, span, "remote-helper", at: 0, local: false);
        var median = 10 * Ms.Ticks;

        book.Review(now: 100 * Ms.Ticks, median, copiesAllowed: true, lookForStarved: false);
        Assert.Equal(0, book.Expired);
        book.Review(now: 121 * Ms.Ticks, median, copiesAllowed: true, lookForStarved: false);
        Assert.Equal(1, book.Expired);

        var claim = Assert.IsType<SpanBook<string>.Claim>(book.ClaimFor("lane", dry: false, now: 121 * Ms.Ticks, median, copiesAllowed: true));
        Assert.Equal(ClaimKind.Offered, claim.Kind);
        Assert.Equal(span, claim.Span);
        Assert.Null(claim.Revoked);
        Assert.Equal([span], book.SpansHeldBy(h => h == remote.Holder));
    }

    [Fact]
    public void Nothing_is_late_before_the_lease_floor_however_fast_chunks_are()
    {
        var book = Book();
        Grant(book, new ChunkSpan(0, 1), "helper", at: 0, local: false);

        book.Review(now: 99 * Ms.Ticks, medianChunkTicks: 1, copiesAllowed: true, lookForStarved: false);

        Assert.Equal(0, book.Expired);
    }

    [Fact]
    public void A_running_copy_whose_thread_waits_for_a_cpu_is_starved_and_offered()
    {
        var book = Book();
        var span = new ChunkSpan(0, 1);
        var copy = Grant(book, span, "helper", at: 0);

        var now = Starve(book, copy);

        Assert.Equal(1, book.Starved);
        Assert.Equal(ClaimKind.Offered, book.ClaimFor("lane", dry: false, now, 0, copiesAllowed: true)!.Kind);
    }

    [Fact]
    public void A_running_copy_that_gets_its_cpu_is_not_starved()
    {
        var book = Book();
        var copy = Grant(book, new ChunkSpan(0, 1), "helper", at: 0);
        Assert.True(copy.Lease.TryStart(threadId: 7));
        var window = 2 * _settings.CheckInterval.Ticks;

        _scheduler.Set(7, new SchedSample(0, 0));
        book.Review(now: 1, 0, copiesAllowed: true, lookForStarved: true);
        _scheduler.Set(7, new SchedSample(RunNanoseconds: window * 100 * 9 / 10, WaitNanoseconds: window * 100 / 10));
        book.Review(now: 1 + window, 0, copiesAllowed: true, lookForStarved: true);

        Assert.Equal(0, book.Starved);
    }

    [Fact]
    public void A_kernel_that_may_not_run_twice_gets_no_copy_of_a_running_span_however_late()
    {
        var book = Book();
        var copy = Grant(book, new ChunkSpan(0, 1), "helper", at: 0);
        Assert.True(copy.Lease.TryStart(threadId: 7));

        book.Review(now: 10_000 * Ms.Ticks, Ms.Ticks, copiesAllowed: false, lookForStarved: true);

        Assert.Equal(0, book.Expired);
        Assert.Null(book.ClaimFor("lane", dry: true, now: 10_000 * Ms.Ticks, Ms.Ticks, copiesAllowed: false));
    }

    [Fact]
    public void With_nothing_fresh_left_an_idle_worker_copies_the_oldest_span_running_long_past_the_median()
    {
        var book = Book();
        var young = Grant(book, new ChunkSpan(5, 1), "helper-b", at: 14 * Ms.Ticks);
        var old = Grant(book, new ChunkSpan(2, 1), "helper-a", at: 0);
        young.Lease.TryStart(1);
        old.Lease.TryStart(2);

        var claim = book.ClaimFor("lane", dry: true, now: 16 * Ms.Ticks, medianChunkTicks: 10 * Ms.Ticks, copiesAllowed: true);

        Assert.Equal(ClaimKind.Speculative, claim!.Kind);
        Assert.Equal(old.Lease.Span, claim.Span);
    }

    [Fact]
    public void Dropping_a_lost_holder_returns_only_spans_that_no_other_copy_runs()
    {
        var book = Book();
        var shared = new ChunkSpan(0, 1);
        var alone = new ChunkSpan(1, 1);
        Grant(book, shared, "lost", at: 0);
        Grant(book, shared, "lane", at: 1, extra: true);
        Grant(book, alone, "lost", at: 0);

        var orphans = book.Drop(c => c.Holder == "lost", out var dropped);

        Assert.Equal([alone], orphans);
        Assert.Equal(2, dropped.Count);
        Assert.Equal([shared], book.SpansHeldBy(h => h == "lane"));
    }

    [Fact]
    public void No_span_gets_more_copies_than_allowed()
    {
        var book = new SpanBook<string>(_settings with { MaxCopies = 2 }, _scheduler);
        var span = new ChunkSpan(0, 1);
        Grant(book, span, "a", at: 0).Lease.TryStart(1);
        Grant(book, span, "b", at: 0, extra: true).Lease.TryStart(2);

        book.Review(now: 10_000 * Ms.Ticks, Ms.Ticks, copiesAllowed: true, lookForStarved: false);

        Assert.Null(book.ClaimFor("c", dry: true, now: 10_000 * Ms.Ticks, Ms.Ticks, copiesAllowed: true));
    }

    [Fact]
    public void Copies_held_by_stalled_helpers_never_keep_a_late_span_from_the_lane()
    {
        var book = new SpanBook<string>(_settings with { MaxCopies = 2 }, _scheduler) { Favoured = "lane" };
        var span = new ChunkSpan(0, 1);
        Grant(book, span, "helper-a", at: 0).Lease.TryStart(1);
        Grant(book, span, "helper-b", at: 0, extra: true).Lease.TryStart(2);
        var late = 10_000 * Ms.Ticks;

        book.Review(late, Ms.Ticks, copiesAllowed: true, lookForStarved: false);

        Assert.Null(book.ClaimFor("helper-c", dry: false, late, Ms.Ticks, copiesAllowed: true));
        Assert.Equal(span, book.ClaimFor("lane", dry: false, late, Ms.Ticks, copiesAllowed: true)!.Span);
    }

    [Fact]
    public void Nobody_copies_a_span_running_long_on_cpus_it_shares_not_even_the_lane()
    {
        var book = new SpanBook<string>(_settings, _scheduler) { Favoured = "lane" };
        var span = new ChunkSpan(0, 1);
        Grant(book, span, "remote-helper", at: 0, local: false, place: ThisMachine);
        var runningLong = 2 * Ms.Ticks;

        Assert.Null(book.ClaimFor("other-member-helper", dry: true, runningLong, Ms.Ticks, copiesAllowed: true, ThisMachine));
        Assert.Null(book.ClaimFor("lane", dry: true, runningLong, Ms.Ticks, copiesAllowed: true, ThisMachine with { Node = NodePart.AnyNode }));
        var far = book.ClaimFor("lane", dry: true, runningLong, Ms.Ticks, copiesAllowed: true, new WorkerPlace("boot-b", NodePart.AnyNode));
        Assert.Equal(ClaimKind.Speculative, far!.Kind);
    }

    [Fact]
    public void A_worker_still_holding_a_span_gets_no_speculative_copy()
    {
        var book = Book();
        Grant(book, new ChunkSpan(0, 1), "helper", at: 0).Lease.TryStart(1);
        Grant(book, new ChunkSpan(1, 1), "lane", at: 0);

        Assert.Null(book.ClaimFor("lane", dry: true, now: 100 * Ms.Ticks, Ms.Ticks, copiesAllowed: true));
    }

    [Fact]
    public void A_helper_gets_no_copy_of_a_starved_span_on_its_own_cpus()
    {
        var book = new SpanBook<string>(_settings, _scheduler) { Favoured = "lane" };
        var copy = Grant(book, new ChunkSpan(0, 1), "helper", at: 0, place: ThisMachine);

        var now = Starve(book, copy);

        Assert.Equal(1, book.Starved);
        Assert.Null(book.ClaimFor("other-helper", dry: false, now, 0, copiesAllowed: true, ThisMachine));
        Assert.Equal(ClaimKind.Offered, book.ClaimFor("lane", dry: false, now, 0, copiesAllowed: true, ThisMachine)!.Kind);
    }

    [Fact]
    public void A_late_span_is_copied_by_a_helper_on_the_same_cpus_its_copy_may_be_stuck()
    {
        var book = Book();
        var span = new ChunkSpan(0, 1);
        Grant(book, span, "frozen-member-helper", at: 0, local: false, place: ThisMachine);
        var late = 10_000 * Ms.Ticks;

        book.Review(late, Ms.Ticks, copiesAllowed: true, lookForStarved: false);

        Assert.Equal(ClaimKind.Offered, book.ClaimFor("other-member-helper", dry: false, late, Ms.Ticks, copiesAllowed: true, ThisMachine)!.Kind);
    }

    [Fact]
    public void A_helper_on_another_machine_or_node_copies_a_span_running_long()
    {
        var book = Book();
        var runningLong = 2 * Ms.Ticks;
        var span = new ChunkSpan(0, 1);
        Grant(book, span, "helper", at: 0, local: false, place: ThisMachine);

        var elsewhere = book.ClaimFor("far-helper", dry: true, runningLong, Ms.Ticks, copiesAllowed: true, ThisMachine with { Machine = "boot-b" });
        var otherNode = book.ClaimFor("node-1-helper", dry: true, runningLong, Ms.Ticks, copiesAllowed: true, ThisMachine with { Node = 1 });

        Assert.Equal((span, ClaimKind.Speculative), (elsewhere!.Span, elsewhere.Kind));
        Assert.Equal((span, ClaimKind.Speculative), (otherNode!.Span, otherNode.Kind));
    }

    [Fact]
    public void A_copy_nobody_started_is_taken_back_by_a_helper_on_the_same_cpus()
    {
        var book = Book();
        var span = new ChunkSpan(0, 1);
        Grant(book, span, "helper", at: 0, place: ThisMachine);

        var claim = book.ClaimFor("other-helper", dry: true, now: 1, medianChunkTicks: 0, copiesAllowed: true, ThisMachine);

        Assert.Equal(ClaimKind.TakenBack, claim!.Kind);
    }

    [Fact]
    public void Workers_share_cpus_on_one_machine_and_node_or_with_a_lane_there_and_unknown_machines_share_none()
    {
        Assert.True(ThisMachine.SharesCpusWith(ThisMachine with { }));
        Assert.True(ThisMachine.SharesCpusWith(ThisMachine with { Node = NodePart.AnyNode }));
        Assert.False(ThisMachine.SharesCpusWith(ThisMachine with { Node = 1 }));
        Assert.False(ThisMachine.SharesCpusWith(ThisMachine with { Machine = "boot-b" }));
        Assert.False(new WorkerPlace(null, 0).SharesCpusWith(new WorkerPlace(null, 0)));
    }

    private sealed class FakeScheduler : ISchedulerProbe
    {
        private readonly Dictionary<int, SchedSample> _samples = new();

        public void Set(int threadId, SchedSample sample) => _samples[threadId] = sample;

        public SchedSample? Sample(int threadId) => _samples.TryGetValue(threadId, out var s) ? s : null;
    }
}
