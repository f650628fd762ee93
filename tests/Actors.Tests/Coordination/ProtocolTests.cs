namespace Actors.Tests.Coordination;

using Actors.Tests.Support;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Jobs;

/// <summary>The coordinator's protocol as a user's actor (or a remote worker) sees it.</summary>
public class ProtocolTests : TestKit
{
    private readonly WorkEngine _engine;

    public ProtocolTests() : base("akka.loglevel = WARNING")
    {
        _engine = WorkEngine.Start(Sys, EngineFixtures.FakeTwoNodes);
        _engine.Register("hash", new SequenceHashKernel());
    }

    [Fact]
    public void Progress_moves_inside_a_chunk_the_kernel_says_is_half_done()
    {
        var kernel = new HalfwayKernel();
        _engine.Register("halfway", kernel);
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("halfway", 0, 1_000, minChunk: 1_000, maxHelpers: 1), "inside",
            ReportProgress: true), TestActor);
        ExpectMsg<JobAccepted>();

        var halfway = FishForMessage<JobProgress>(p => p.ItemsDone > 0, TimeSpan.FromSeconds(20));
        kernel.Gate.Set();
        var completed = FishForMessage<JobCompleted>(_ => true, TimeSpan.FromSeconds(20));

        Assert.Equal((0L, 500L, 1_000L), (halfway.ChunksDone, halfway.ItemsDone, halfway.Items));
        Assert.Equal(1_000L, completed.Result);
    }

    [Fact]
    public void A_submitter_gets_accepted_then_progress_then_exactly_one_completion()
    {
        // Held at a gate until the first progress arrives: however late a loaded machine's timers fire.
        var gated = new GatedKernel();
        _engine.Register("held", gated);
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("held", 0, 40, maxHelpers: 2), "p1", ReportProgress: true), TestActor);
        var accepted = ExpectMsg<JobAccepted>();
        Assert.Equal("p1", accepted.JobId);
        var progress = new List<JobProgress> { FishForMessage<JobProgress>(_ => true, TimeSpan.FromSeconds(20)) };
        gated.Gate.Set();
        var completed = FishForMessage(m =>
        {
            if (m is JobProgress p)
                progress.Add(p);
            return m is JobCompleted;
        }, TimeSpan.FromSeconds(20));
        Assert.Equal(progress.Select(p => p.ChunksDone).Order(), progress.Select(p => p.ChunksDone));
        Assert.All(progress, p => Assert.Equal(accepted.Chunks, p.Chunks));
        Assert.Equal(40L, ((JobCompleted)completed).Result);
        ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_duplicate_job_id_is_refused_while_the_first_runs()
    {
        var gated = new GatedKernel();
        _engine.Register("gated", gated);
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("gated", 0, 100), "same"), TestActor);
        ExpectMsg<JobAccepted>();
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("gated", 0, 100), "same"), TestActor);
        Assert.Equal("jobId", ExpectMsg<SubmissionRefused>().Field);
        gated.Gate.Set();
        Assert.Equal("same", ExpectMsg<JobCompleted>().JobId);
    }

    [Fact]
    public void A_worker_lost_mid_span_has_its_span_handed_out_again_and_the_result_is_exact()
    {
        var gated = new GatedKernel();
        _engine.Register("gated", gated);
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("gated", 0, 1000, minChunk: 10), "lost"), TestActor);
        ExpectMsg<JobAccepted>();

        var worker = CreateTestProbe();
        _engine.Coordinator.Tell(new RequestChunks("lost", 0, 1), worker.Ref);
        var grant = worker.ExpectMsg<ChunksGranted>();
        Watch(worker.Ref);
        Sys.Stop(worker.Ref);
        ExpectTerminated(worker.Ref);

        gated.Gate.Set();
        var completed = FishForMessage<JobCompleted>(_ => true, TimeSpan.FromSeconds(20));
        Assert.Equal(1000L, completed.Result);
        Assert.True(completed.Statistics.Requeued >= 1, $"span {grant.Span} was not requeued");
    }

    [Fact]
    public void A_late_duplicate_result_is_dropped_so_every_chunk_counts_once()
    {
        var gated = new GatedKernel();
        _engine.Register("gated", gated);
        _engine.Coordinator.Tell(new SubmitJob(new JobSpec("gated", 0, 1000, minChunk: 10), "dup"), TestActor);
        var plan = new Engine.Planning.ChunkPlan(0, 1000, ExpectMsg<JobAccepted>().ChunkSize, 1);

        var worker = CreateTestProbe();
        _engine.Coordinator.Tell(new RequestChunks("dup", 0, 1), worker.Ref);
        var span = worker.ExpectMsg<ChunksGranted>().Span;
        var items = plan.ItemsIn(span.First, span.Count);
        // A result that is wrong on purpose would show up in the total if the duplicate were counted.
        _engine.Coordinator.Tell(new ChunksDone("dup", span, items, 1, 0, WantsMore: false), worker.Ref);
        _engine.Coordinator.Tell(new ChunksDone("dup", span, 1_000_000L, 1, 0, WantsMore: false), worker.Ref);

        gated.Gate.Set();
        var completed = FishForMessage<JobCompleted>(_ => true, TimeSpan.FromSeconds(20));
        Assert.Equal(1000L, completed.Result);
        // At least the one sent here: a copy that lost its race on a busy machine is dropped the same way.
        Assert.True(completed.Statistics.DuplicatesDropped >= 1, $"{completed.Statistics.DuplicatesDropped} duplicates dropped");
    }

    [Fact]
    public void A_worker_whose_stopped_copy_reports_after_its_job_ended_is_told_there_is_nothing_more()
    {
        var worker = CreateTestProbe();

        _engine.Coordinator.Tell(new ChunkFailed("ended", new Engine.Planning.ChunkSpan(0, 1), 0, null, 0, null,
            "stopped: another copy won", Lease: 7, WantsMore: true), worker.Ref);

        Assert.Equal("ended", worker.ExpectMsg<NoMoreChunks>().JobId);
    }
}
