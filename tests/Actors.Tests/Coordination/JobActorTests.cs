namespace Actors.Tests.Coordination;

using Actors.Tests.Support;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Jobs;
using Engine.Planning;

/// <summary>The coordinator routes to one actor per job; a job that has answered is gone from the routing, its answer kept.</summary>
public class JobActorTests : TestKit
{
    private readonly WorkEngine _engine;

    public JobActorTests() : base("akka.loglevel = WARNING")
    {
        _engine = WorkEngine.Start(Sys, EngineFixtures.FakeTwoNodes);
        _engine.Register("hash", new SequenceHashKernel());
    }

    [Fact]
    public void A_job_id_is_free_again_as_soon_as_its_job_has_answered()
    {
        for (var round = 0; round < 3; round++)
        {
            _engine.Coordinator.Tell(new SubmitJob(new JobSpec("hash", 0, 1000, minChunk: 100), "again"), TestActor);
            ExpectMsg<JobAccepted>();
            Assert.Equal("again", ExpectMsg<JobCompleted>(TimeSpan.FromSeconds(20)).JobId);
        }
    }

    [Fact]
    public void A_worker_that_asks_an_ended_job_for_chunks_is_told_there_are_no_more()
    {
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("hash", 0, 1000, minChunk: 100), "ended"), TestActor);
        ExpectMsg<JobAccepted>();
        ExpectMsg<JobCompleted>(TimeSpan.FromSeconds(20));
        var worker = CreateTestProbe();
        _engine.Coordinator.Tell(new RequestChunks("ended", 0, 2), worker.Ref);
        worker.ExpectMsg<NoMoreChunks>(m => Assert.Equal("ended", m.JobId));
        _engine.Coordinator.Tell(new ChunksDone("ended", new ChunkSpan(0, 1), null, 1, 0, WantsMore: true), worker.Ref);
        worker.ExpectMsg<NoMoreChunks>();
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_finished_job_answers_whoever_asks_by_id_with_the_answer_its_submitter_got()
    {
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("hash", 0, 1000, minChunk: 100), "done"), TestActor);
        ExpectMsg<JobAccepted>();
        var answer = ExpectMsg<JobCompleted>(TimeSpan.FromSeconds(20));
        var late = CreateTestProbe();
        _engine.Coordinator.Tell(new WatchJob("done"), late.Ref);
        Assert.Equal(JobState.Completed, late.ExpectMsg<JobStatus>().State);
        Assert.Equal(answer.Result, late.ExpectMsg<JobCompleted>().Result);
        _engine.Coordinator.Tell(new GetJobStatus("never-ran"), late.Ref);
        late.ExpectMsg<JobUnknown>();
    }

    [Fact]
    public void A_detached_job_goes_on_without_its_submitter_and_a_watcher_gets_its_answer()
    {
        var expected = new SequenceHashKernel().Run(new ChunkRange(0, 0, 20_000), null, null!);
        var submitter = CreateTestProbe();
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("hash", 0, 20_000, minChunk: 100), "detached", Detached: true), submitter.Ref);
        submitter.ExpectMsg<JobAccepted>();
        Sys.Stop(submitter.Ref);
        var watcher = CreateTestProbe();
        _engine.Coordinator.Tell(new WatchJob("detached"), watcher.Ref);
        watcher.ExpectMsg<JobStatus>();
        Assert.Equal(expected, watcher.FishForMessage<JobCompleted>(_ => true, TimeSpan.FromSeconds(30)).Result);
    }
}
