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
