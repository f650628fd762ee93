namespace Actors.Tests.Coordination;

using Actors.Tests.Support;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Jobs;

public class FailureTests : TestKit
{
    private readonly WorkEngine _engine;

    public FailureTests() : base("akka.loglevel = WARNING")
    {
        _engine = WorkEngine.Start(Sys, EngineFixtures.FakeTwoNodes);
        _engine.Register("hash", new SequenceHashKernel());
    }

    [Fact]
    public async Task A_throwing_chunk_fails_the_job_with_its_range_and_every_completed_chunk_is_undone_in_order()
    {
        var kernel = new UndoableKernel(failAtItem: 5000, TimeSpan.FromMilliseconds(1));
        _engine.Register("undoable", kernel);
        var failure = await Assert.ThrowsAsync<JobFailedException>(() =>
            _engine.RunAsync(new JobSpec("undoable", 0, 100 * 64, align: 64, minChunk: 64, maxHelpers: 8)));

        Assert.Equal(JobFailureKind.ChunkFailed, failure.Kind);
        var failed = Assert.IsType<ChunkRange>(failure.Failure.FailedChunk);
        Assert.InRange(5000, failed.Start, failed.End - 1);
        Assert.Contains("disk full at 5000", failure.Message);
        Assert.Empty(kernel.Applied);
        var undone = kernel.UndoOrder.ToArray();
        Assert.NotEmpty(undone);
        Assert.Equal(undone.OrderBy(i => i), undone);
        Assert.DoesNotContain(failed.Index, undone);
    }

    [Fact]
    public async Task A_failing_job_leaves_other_jobs_untouched_and_the_engine_serving()
    {
        _engine.Register("undoable", new UndoableKernel(failAtItem: 5 * 64, TimeSpan.FromMilliseconds(1)));
        var failing = _engine.RunAsync(new JobSpec("undoable", 0, 64 * 50, minChunk: 64));
        var healthy = _engine.RunAsync(new JobSpec("hash", 0, 100_000));
        await Assert.ThrowsAsync<JobFailedException>(() => failing);
        Assert.Equal(SequenceHash.Of(Enumerable.Range(0, 100_000).Select(i => (long)i)), (await healthy).Value);
        Assert.Equal(100, ((SequenceHash)(await _engine.RunAsync(new JobSpec("hash", 0, 100))).Value!).Length);
    }

    [Theory]
    [InlineData(-1L, 10L, "start")]
    [InlineData(0L, -10L, "size")]
    public void A_bad_spec_is_answered_at_once_with_the_field_named_and_nothing_started(long start, long size, string field)
    {
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("hash", start, size)), TestActor);
        var failed = ExpectMsg<JobFailed>();
        Assert.Equal(JobFailureKind.InvalidSpec, failed.Kind);
        Assert.Equal(field, failed.Field);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void An_unknown_kernel_is_named()
    {
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("no-such-kernel", 0, 10)), TestActor);
        var failed = ExpectMsg<JobFailed>();
        Assert.Equal("kernel", failed.Field);
        Assert.Contains("no-such-kernel", failed.Reason);
    }

    [Fact]
    public async Task Cancelling_stops_the_running_chunks_and_the_submitter_gets_one_final_answer()
    {
        var gated = new GatedKernel();
        _engine.Register("gated", gated);
        using var cancellation = new CancellationTokenSource();
        var job = _engine.RunAsync(new JobSpec("gated", 0, 1000), cancellation.Token);
        await AwaitConditionAsync(() => Task.FromResult(gated.Started >= 2));
        cancellation.Cancel();
        var failure = await Assert.ThrowsAsync<JobFailedException>(() => job);
        Assert.Equal(JobFailureKind.Cancelled, failure.Kind);
        Assert.False(gated.Gate.IsSet);
    }

    [Fact]
    public void A_cancel_message_ends_the_job_with_exactly_one_answer()
    {
        var gated = new GatedKernel();
        _engine.Register("gated", gated);
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("gated", 0, 1000), "job-to-cancel"), TestActor);
        ExpectMsg<JobAccepted>();
        AwaitCondition(() => gated.Started >= 1);
        _engine.Coordinator.Tell(new CancelJob("job-to-cancel"));
        Assert.Equal(JobFailureKind.Cancelled, ExpectMsg<JobFailed>().Kind);
        ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task A_job_past_its_timeout_fails_as_timed_out()
    {
        _engine.Register("gated", new GatedKernel());
        var failure = await Assert.ThrowsAsync<JobFailedException>(() =>
            _engine.RunAsync(new JobSpec("gated", 0, 1000, timeout: TimeSpan.FromMilliseconds(300))));
        Assert.Equal(JobFailureKind.TimedOut, failure.Kind);
    }
}
