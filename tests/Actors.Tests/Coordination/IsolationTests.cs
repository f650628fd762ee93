namespace Actors.Tests.Coordination;

using Actors.Tests.Support;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Jobs;

/// <summary>No submission, odd id or kernel exception stops the coordinator or touches another job, and no job hangs.</summary>
public class IsolationTests : TestKit
{
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);
    private readonly WorkEngine _engine;

    public IsolationTests() : base("akka.loglevel = ERROR")
    {
        _engine = WorkEngine.Start(Sys, EngineFixtures.FakeTwoNodes);
        _engine.Register("hash", new SequenceHashKernel());
        _engine.Register("bad-combine", new ThrowingCombineKernel());
    }

    private static SequenceHash Expected(long size) => SequenceHash.Of(Enumerable.Range(0, (int)size).Select(i => (long)i));

    [Theory]
    [InlineData("nightly run/1")]
    [InlineData("../../user/engine-coordinator")]
    [InlineData("$weird#id?%")]
    public async Task A_job_id_that_is_no_actor_name_runs_like_any_other_beside_a_running_job(string jobId)
    {
        var other = _engine.RunAsync(new JobSpec("hash", 0, 200_000, maxHelpers: 4));
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("hash", 0, 10_000, maxHelpers: 4), jobId), TestActor);

        ExpectMsg<JobAccepted>(a => a.JobId == jobId);
        var done = FishForMessage<JobCompleted>(_ => true, JobTimeout);
        Assert.Equal(jobId, done.JobId);
        Assert.Equal(Expected(10_000), done.Result);
        Assert.Equal(Expected(200_000), (await other.WaitAsync(JobTimeout)).Value);
    }

    [Fact]
    public async Task A_combine_that_throws_fails_its_job_with_the_kernel_named_and_the_engine_keeps_serving()
    {
        var healthy = _engine.RunAsync(new JobSpec("hash", 0, 300_000, maxHelpers: 4));
        var failure = await Assert.ThrowsAsync<JobFailedException>(() =>
            _engine.RunAsync(new JobSpec("bad-combine", 0, 100_000, maxHelpers: 4)).WaitAsync(JobTimeout));

        Assert.Equal(JobFailureKind.ChunkFailed, failure.Kind);
        Assert.Contains("combine is broken", failure.Message);
        Assert.Equal(Expected(300_000), (await healthy.WaitAsync(JobTimeout)).Value);
        Assert.Equal(Expected(1_000), (await _engine.RunAsync(new JobSpec("hash", 0, 1_000)).WaitAsync(JobTimeout)).Value);
    }

    [Fact]
    public async Task A_cancelled_job_whose_last_span_completes_after_the_stop_undoes_every_completed_chunk_exactly_once()
    {
        var kernel = new CountingUndoKernel();
        _engine.Register("counting", kernel);
        using var cancel = new CancellationTokenSource();
        var job = _engine.RunAsync(new JobSpec("counting", 0, 64 * 8, minChunk: 64, maxHelpers: 2), cancel.Token);
        await AwaitConditionAsync(() => Task.FromResult(kernel.Waiting > 0), TimeSpan.FromSeconds(30));

        cancel.Cancel();
        await Task.Delay(200);
        Assert.False(job.IsCompleted, $"the job answers only once its running chunks are in and undone: {job.Exception?.InnerException?.Message}");
        kernel.Gate.Set();
        var failure = await Assert.ThrowsAsync<JobFailedException>(() => job.WaitAsync(JobTimeout));

        Assert.Equal(JobFailureKind.Cancelled, failure.Kind);
        Assert.NotEmpty(kernel.Completed);
        Assert.Equal(kernel.Completed.Keys.Order(), kernel.Undone.Keys.Order());
        Assert.All(kernel.Undone, u => Assert.Equal(1, u.Value));
    }

    [Fact]
    public async Task A_result_arriving_after_its_failed_job_answered_is_undone_once_and_a_new_job_with_that_id_never_counts_it()
    {
        var kernel = new CountingUndoKernel();
        _engine.Register("late", kernel);
        var submitter = CreateTestProbe();
        // Many chunks: with fresh ones left, nobody takes the worker's span back before it starts.
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("late", 0, 64 * 64, minChunk: 64), "late-1"), submitter.Ref);
        submitter.ExpectMsg<JobAccepted>();
        // A worker of another member in all but address: it takes a span and starts it, then is lost.
        var worker = CreateTestProbe();
        _engine.Coordinator.Tell(new RequestChunks("late-1", 0, 1), worker.Ref);
        var granted = worker.ExpectMsg<ChunksGranted>();
        Assert.True(_engine.Runtime.Leases.TryGet(granted.Lease, out var lease) && lease.TryStart(threadId: 1));

        _engine.Coordinator.Tell(new CancelJob("late-1"), submitter.Ref);
        kernel.Gate.Set();
        Sys.Stop(worker.Ref);
        var failed = submitter.FishForMessage<JobFailed>(_ => true, JobTimeout);
        Assert.Equal(JobFailureKind.Cancelled, failed.Kind);
        var span = Enumerable.Range(0, granted.Span.Count).Select(i => granted.Span.First + i).ToArray();
        Assert.All(span, chunk => Assert.False(kernel.Undone.ContainsKey(chunk)));

        // A job with the same id is running when the lost worker's result comes in, twice.
        var gated = new GatedKernel();
        _engine.Register("gated", gated);
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("gated", 0, 64 * 8, minChunk: 64), "late-1"), submitter.Ref);
        submitter.ExpectMsg<JobAccepted>();
        // A result that is wrong on purpose: it would show in the new job's total if that job counted it.
        var late = new ChunksDone("late-1", granted.Span, 1_000_000L, 1, 0, WantsMore: false, granted.Lease);
        _engine.Coordinator.Tell(late, worker.Ref);
        _engine.Coordinator.Tell(late, worker.Ref);
        gated.Gate.Set();

        var next = submitter.FishForMessage<JobCompleted>(_ => true, JobTimeout);
        Assert.Equal(64L * 8, next.Result);
        await AwaitConditionAsync(() => Task.FromResult(span.All(kernel.Undone.ContainsKey)), JobTimeout);
        Assert.Equal(kernel.Completed.Keys.Concat(span).Order(), kernel.Undone.Keys.Order());
        Assert.All(kernel.Undone, u => Assert.Equal(1, u.Value));
    }

    [Fact]
    public void A_result_of_an_earlier_job_is_never_counted_by_a_new_job_with_the_same_id()
    {
        var gated = new GatedKernel();
        _engine.Register("gated", gated);
        var submitter = CreateTestProbe();
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("gated", 0, 64 * 64, minChunk: 64), "again"), submitter.Ref);
        submitter.ExpectMsg<JobAccepted>();
        var worker = CreateTestProbe();
        _engine.Coordinator.Tell(new RequestChunks("again", 0, 1), worker.Ref);
        var granted = worker.ExpectMsg<ChunksGranted>();
        Sys.Stop(worker.Ref);
        gated.Gate.Set();
        Assert.Equal(64L * 64, submitter.FishForMessage<JobCompleted>(_ => true, JobTimeout).Result);

        var held = new GatedKernel();
        _engine.Register("held", held);
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("held", 0, 64 * 64, minChunk: 64), "again"), submitter.Ref);
        submitter.ExpectMsg<JobAccepted>();
        // The lost worker's copy reports at last, with a result wrong on purpose, while the new job still runs.
        _engine.Coordinator.Tell(new ChunksDone("again", granted.Span, 1_000_000L, 1, 0, WantsMore: false, granted.Lease), TestActor);
        held.Gate.Set();

        Assert.Equal(64L * 64, submitter.FishForMessage<JobCompleted>(_ => true, JobTimeout).Result);
    }

    [Fact]
    public async Task Every_pending_run_fails_when_the_actor_system_terminates()
    {
        var gated = new GatedKernel();
        _engine.Register("gated", gated);
        var pending = Enumerable.Range(0, 3).Select(_ => _engine.RunAsync(new JobSpec("gated", 0, 64, minChunk: 64))).ToArray();
        await AwaitConditionAsync(() => Task.FromResult(gated.Started >= 1), TimeSpan.FromSeconds(30));

        await Sys.Terminate();

        foreach (var run in pending)
            await Assert.ThrowsAsync<JobFailedException>(() => run.WaitAsync(JobTimeout));
    }
}
