namespace Actors.Tests.Coordination;

using Actors.Tests.Support;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Jobs;

/// <summary>
/// A job nothing would resume (not journalled) whose process shuts down mid-job (its member downed, as before a
/// rejoin, or the process stopping) undoes every chunk it completed, exactly once, before it is gone.
/// </summary>
public sealed class ShutdownUndoTests : TestKit
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private const long CompleteBelow = 2;
    private readonly PartlyDoneUndoKernel _kernel = new(CompleteBelow);
    private readonly ActorSystem _member = ActorSystem.Create("member", "akka.loglevel = ERROR");
    private readonly WorkEngine _engine;

    public ShutdownUndoTests() : base("akka.loglevel = WARNING")
    {
        // One chunk per hand-out: the chunk that waits shares no span with completed ones.
        _engine = WorkEngine.Start(_member, EngineFixtures.FakeTwoNodes with { SpanTarget = TimeSpan.Zero });
        _engine.Register("partly", _kernel);
    }

    [Fact]
    public async Task A_job_whose_member_is_downed_undoes_each_completed_chunk_once_and_says_so_in_its_answer()
    {
        var submitter = await StartedJob();

        await CoordinatedShutdown.Get(_member).Run(CoordinatedShutdown.ClusterDowningReason.Instance);

        var failure = submitter.FishForMessage<JobFailed>(_ => true, Deadline);
        Assert.Equal(JobFailureKind.CoordinatorLost, failure.Kind);
        Assert.Contains("downed", failure.Reason);
        Assert.Contains($"its {CompleteBelow} completed chunk(s) were undone first", failure.Reason);
        AssertEachCompletedChunkUndoneOnce();
    }

    [Fact]
    public async Task A_job_whose_process_stops_without_the_drain_still_undoes_each_completed_chunk_once_as_it_stops()
    {
        var submitter = await StartedJob();

        // As a `node` that is the cluster's last member stops: straight to the end, no phase for jobs to drain in.
        await CoordinatedShutdown.Get(_member).Run(CoordinatedShutdown.ClrExitReason.Instance, CoordinatedShutdown.PhaseBeforeActorSystemTerminate);
        await _member.WhenTerminated.WaitAsync(Deadline);

        var failure = submitter.FishForMessage<JobFailed>(_ => true, Deadline);
        Assert.Equal(JobFailureKind.CoordinatorLost, failure.Kind);
        Assert.Contains($"{CompleteBelow} completed chunk(s) undone as it stopped", failure.Reason);
        AssertEachCompletedChunkUndoneOnce();
    }

    [Fact]
    public void A_job_submitted_while_the_jobs_stop_for_the_shutdown_is_refused_with_the_reason()
    {
        var submitter = CreateTestProbe();
        _engine.Coordinator.Tell(new JobCoordinator.StopJobs("its member was downed by the cluster", Deadline), submitter.Ref);
        submitter.ExpectMsg<Akka.Done>(Deadline);

        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("partly", 0, 64), "late"), submitter.Ref);

        var refused = submitter.ExpectMsg<JobFailed>(Deadline);
        Assert.Equal(JobFailureKind.CoordinatorLost, refused.Kind);
        Assert.Contains("downed", refused.Reason);
        Assert.Contains("not started", refused.Reason);
        Assert.Empty(_kernel.Completed);
    }

    /// <summary>
    /// A lane-only job (one thread: four chunks, padata's factor) with every chunk below <see cref="CompleteBelow"/> done
    /// and counted by its coordinator, and its next chunk running.
    /// </summary>
    private async Task<Akka.TestKit.TestProbe> StartedJob()
    {
        // The submitter lives outside the member's actor system, as a `submit` client does: it hears the answer whatever stops.
        var submitter = CreateTestProbe();
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("partly", 0, 64 * 16, minChunk: 64, maxHelpers: 1), "partly-1"), submitter.Ref);
        submitter.ExpectMsg<JobAccepted>(Deadline);
        await AwaitConditionAsync(async () =>
        {
            var status = await _engine.Coordinator.Ask<JobStatus>(new GetJobStatus("partly-1"), Deadline);
            return _kernel.Waiting == 1 && status.Progress?.ChunksDone == CompleteBelow;
        }, Deadline, TimeSpan.FromMilliseconds(50));
        return submitter;
    }

    private void AssertEachCompletedChunkUndoneOnce()
    {
        Assert.Equal(Enumerable.Range(0, (int)CompleteBelow).Select(i => (long)i), _kernel.Completed.Keys.Order());
        Assert.Equal(_kernel.Completed.Keys.Order(), _kernel.Undone.Keys.Order());
        Assert.All(_kernel.Undone, u => Assert.Equal(1, u.Value));
    }

    protected override void AfterAll()
    {
        _member.Terminate().Wait(Deadline);
        base.AfterAll();
    }
}
