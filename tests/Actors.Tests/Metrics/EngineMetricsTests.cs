namespace Actors.Tests.Metrics;

using Actors.Tests.Support;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Actors.Metrics;
using Engine.Jobs;
using Engine.Kernels;

public class EngineMetricsTests : TestKit
{
    private readonly WorkEngine _engine;
    private readonly MeasurementLog _log;

    public EngineMetricsTests() : base("akka.loglevel = WARNING")
    {
        _engine = WorkEngine.Start(Sys, EngineFixtures.FakeTwoNodes);
        _log = new MeasurementLog(_engine.Metrics.Meter);
    }

    [Fact]
    public async Task Chunk_and_item_counters_agree_with_the_jobs_statistics_per_node()
    {
        _engine.Register("hash", new SequenceHashKernel());
        var result = await _engine.RunAsync(new JobSpec("hash", 0, 300_000, minChunk: 500));
        var statistics = result.Statistics;

        Assert.Equal(statistics.Chunks, _log.Sum("engine.chunks.completed"));
        Assert.Equal(statistics.Items, _log.Sum("engine.items.completed"));
        foreach (var (node, chunks) in statistics.ChunksPerNode)
            Assert.Equal(chunks, _log.Sum("engine.chunks.completed", ("node", node == -1 ? EngineMetrics.LaneNode : $"{node}")));
        Assert.All(_log.Of("engine.chunks.completed"), m =>
        {
            Assert.Equal("hash", m.Tags["kernel"]);
            Assert.Equal(_engine.Metrics.Member, m.Tags["member"]);
        });
        // No worker was lost: every span handed out reported once and was timed, unless its lease was taken back
        // or it was an extra copy of a span that another copy finished first.
        var granted = _log.Sum("engine.spans.granted");
        Assert.InRange(_log.Count("engine.span.duration"), granted - statistics.TakenBack - statistics.Copies, granted);
        Assert.Equal(statistics.Requeued, _log.Sum("engine.spans.requeued"));
        Assert.Equal(statistics.DuplicatesDropped, _log.Sum("engine.duplicates.dropped"));
        Assert.Equal(1, _log.Sum("engine.jobs.completed", ("outcome", "completed")));
        Assert.Equal(statistics.Elapsed.TotalSeconds, Assert.Single(_log.Of("engine.job.duration")).Value);
        Assert.Equal(_log.Count("engine.span.duration"), _log.Count("engine.dispatch.latency"));
        Assert.All(_log.Of("engine.dispatch.latency"), m => Assert.True(m.Value >= 0));
    }

    [Fact]
    public async Task Chunk_and_item_counters_catch_up_with_a_held_job_at_its_progress_ticks_before_it_answers()
    {
        var kernel = new HeldFromKernel(heldFrom: 500);
        _engine.Register("held", kernel);
        // The lane alone, in chunks of 250 (a quarter of the job per thread): two run, the third waits at the gate.
        var job = _engine.RunAsync(new JobSpec("held", 0, 1000, minChunk: 100, maxHelpers: 1));
        await AwaitAssertAsync(() =>
        {
            Assert.Equal(2, _log.Sum("engine.chunks.completed"));
            Assert.Equal(500, _log.Sum("engine.items.completed"));
            Assert.Equal(2, _log.Count("engine.span.duration"));
        }, TimeSpan.FromSeconds(30));
        Assert.False(job.IsCompleted);
        kernel.Gate.Set();
        var statistics = (await job).Statistics;

        Assert.Equal(statistics.Chunks, _log.Sum("engine.chunks.completed"));
        Assert.Equal(statistics.Items, _log.Sum("engine.items.completed"));
    }

    [Fact]
    public async Task The_busy_helpers_gauge_counts_the_helpers_a_held_job_has_and_the_open_jobs_gauge_counts_it()
    {
        var gated = new GatedKernel();
        _engine.Register("gated", gated);
        // Four threads: the lane and three helpers, within the fake machine's caps (3 per node, 4 in all).
        var job = _engine.RunAsync(new JobSpec("gated", 0, 1000, maxHelpers: 4));
        await AwaitAssertAsync(() =>
        {
            var reading = _log.Observe();
            Assert.Equal(3, reading.Where(m => m.Instrument == "engine.helpers.busy").Sum(m => m.Value));
            Assert.Equal(1, Assert.Single(reading, m => m.Instrument == "engine.jobs.open").Value);
        }, TimeSpan.FromSeconds(30));
        var reading = _log.Observe();
        Assert.Equal([3, 3], reading.Where(m => m.Instrument == "engine.helpers.limit").OrderBy(m => m.Tags["node"]).Select(m => m.Value));
        Assert.Equal(4, Assert.Single(reading, m => m.Instrument == "engine.helpers.global_limit").Value);
        gated.Gate.Set();
        var statistics = (await job).Statistics;

        Assert.Equal(3, statistics.PeakHelpers);
        Assert.Equal(statistics.Chunks, _log.Sum("engine.chunks.completed"));
        Assert.Equal(0, Assert.Single(_log.Observe(), m => m.Instrument == "engine.jobs.open").Value);
        var view = Assert.Single(_engine.Metrics.Jobs.Snapshot());
        Assert.Equal((JobView.Completed, statistics.Chunks, statistics.Items, statistics.PeakHelpers),
            (view.State, view.ChunksDone, view.ItemsDone, view.PeakHelpers));
    }

    [Fact]
    public async Task A_failed_job_is_counted_by_its_outcome_with_its_failed_span()
    {
        _engine.Register("undoable", new UndoableKernel(failAtItem: 500, TimeSpan.Zero));
        await Assert.ThrowsAsync<JobFailedException>(() => _engine.RunAsync(new JobSpec("undoable", 0, 1000, minChunk: 10)));

        Assert.Equal(1, _log.Sum("engine.jobs.completed", ("outcome", "chunk_failed")));
        Assert.Equal(0, _log.Sum("engine.jobs.completed", ("outcome", "completed")));
        Assert.True(_log.Sum("engine.spans.failed") >= 1);
        var view = Assert.Single(_engine.Metrics.Jobs.Snapshot());
        Assert.Equal("chunk_failed", view.State);
        Assert.Contains("disk full at 500", view.Reason);
    }

    protected override void Dispose(bool disposing)
    {
        _log.Dispose();
        base.Dispose(disposing);
    }

    /// <summary>Chunks from <paramref name="heldFrom"/> on wait on a gate; the ones before it run at once.</summary>
    private sealed class HeldFromKernel(long heldFrom) : ChunkKernel<object?, long>
    {
        public ManualResetEventSlim Gate { get; } = new(false);

        public override long Empty(object? arguments) => 0;

        public override long Run(ChunkRange chunk, object? arguments, ChunkContext context)
        {
            if (chunk.Start >= heldFrom)
                Gate.Wait(context.Cancellation);
            return chunk.Length;
        }

        public override long Combine(long left, long right) => left + right;
    }
}
