namespace Actors.Tests.Persistence;

using Actors.Tests.Support;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Jobs;

/// <summary>
/// A cluster journalling to PostgreSQL runs its journalled jobs as entities of cluster sharding: admitted by the
/// entity of their id, found by id, and started again from the shared journal wherever their shard goes.
/// </summary>
public sealed class ShardedJobTests : TestKit
{
    private const string Config = "akka.loglevel = WARNING";
    private static readonly TimeSpan Timeout = PostgresMembers.Timeout;
    private readonly PostgresMembers _cluster = new();

    public ShardedJobTests() : base(Config)
    {
    }

    private static readonly long Sum = Enumerable.Range(0, 1200).Sum(i => (long)i);

    [Fact]
    public async Task A_sharded_job_is_accepted_by_its_entity_says_where_it_runs_and_answers_by_id_once_finished()
    {
        var kernel = new CountingKernel(gateFrom: 6);
        var (member, engine) = await StartMember(kernel);
        var submitter = CreateTestProbe(member);
        engine.Coordinator.Tell(new SubmitJob(Spec(), "sharded"), submitter.Ref);

        Assert.True(submitter.ExpectMsg<JobAccepted>(Timeout).MovesOnFailover);
        var status = await RunningStatus(engine, "sharded", member);
        Assert.Equal(Akka.Cluster.Cluster.Get(member).SelfAddress.ToString(), status.Owner);
        Assert.True(status.Journaled);
        kernel.Gate.Set();
        Assert.Equal(Sum, submitter.ExpectMsg<JobCompleted>(Timeout).Result);

        var watcher = CreateTestProbe(member);
        engine.Coordinator.Tell(new WatchJob("sharded"), watcher.Ref);
        Assert.Equal(JobState.Completed, watcher.ExpectMsg<JobStatus>(Timeout).State);
        Assert.Equal(Sum, watcher.ExpectMsg<JobCompleted>(Timeout).Result);
        engine.Coordinator.Tell(new GetJobStatus("never-submitted"), watcher.Ref);
        watcher.ExpectMsg<JobUnknown>(Timeout);
    }

    [Fact]
    public async Task A_second_submission_with_the_id_of_a_running_sharded_job_is_refused_and_the_job_goes_on()
    {
        var kernel = new CountingKernel(gateFrom: 6);
        var (member, engine) = await StartMember(kernel);
        var submitter = CreateTestProbe(member);
        engine.Coordinator.Tell(new SubmitJob(Spec(), "twice"), submitter.Ref);
        submitter.ExpectMsg<JobAccepted>(Timeout);
        await RunningStatus(engine, "twice", member);

        var second = CreateTestProbe(member);
        engine.Coordinator.Tell(new SubmitJob(Spec(), "twice"), second.Ref);
        Assert.Equal("jobId", second.ExpectMsg<SubmissionRefused>(Timeout).Field);
        kernel.Gate.Set();
        Assert.Equal(Sum, submitter.ExpectMsg<JobCompleted>(Timeout).Result);
    }

    [Fact]
    public async Task An_id_used_again_after_its_job_answered_runs_a_new_job_from_nothing()
    {
        var kernel = new CountingKernel(gateFrom: long.MaxValue);
        var (member, engine) = await StartMember(kernel);
        var submitter = CreateTestProbe(member);
        for (var round = 0; round < 2; round++)
        {
            engine.Coordinator.Tell(new SubmitJob(Spec(), "again"), submitter.Ref);
            submitter.ExpectMsg<JobAccepted>(Timeout);
            var completed = submitter.ExpectMsg<JobCompleted>(Timeout);
            Assert.Equal(Sum, completed.Result);
            Assert.Equal(0, completed.Statistics.ResumedChunks);
        }
    }

    [Fact]
    public async Task A_sharded_job_resumes_by_itself_in_a_new_cluster_on_the_same_database_and_runs_only_what_was_not_journalled()
    {
        const long doneBefore = 6;
        var before = new CountingKernel(gateFrom: doneBefore);
        var (first, engine) = await StartMember(before);
        var submitter = CreateTestProbe(first);
        engine.Coordinator.Tell(new SubmitJob(Spec(), "remembered", Detached: true), submitter.Ref);
        submitter.ExpectMsg<JobAccepted>(Timeout);
        await AwaitAssertAsync(() =>
        {
            engine.Coordinator.Tell(new GetJobStatus("remembered"), submitter.Ref);
            Assert.Equal(doneBefore, submitter.ExpectMsg<JobStatus>().ChunksJournaled);
        }, Timeout, TimeSpan.FromMilliseconds(100));
        await first.Terminate();

        // Nobody resumes it: sharding remembers the entity, and starts it again once its shard has a home.
        var after = new CountingKernel(gateFrom: 0);
        var (second, resumed) = await StartMember(after);
        var watcher = CreateTestProbe(second);
        await AwaitAssertAsync(() =>
        {
            resumed.Coordinator.Tell(new GetJobStatus("remembered"), watcher.Ref);
            Assert.Equal(JobState.Running, watcher.ExpectMsg<JobStatus>(TimeSpan.FromSeconds(5)).State);
        }, TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(500));
        resumed.Coordinator.Tell(new WatchJob("remembered"), watcher.Ref);
        after.Gate.Set();
        var completed = watcher.FishForMessage<JobCompleted>(_ => true, Timeout);

        Assert.Equal(Sum, completed.Result);
        Assert.Equal(doneBefore, completed.Statistics.ResumedChunks);
        Assert.Empty(after.Ran.Intersect(before.Completed));
    }

    [Fact]
    public async Task A_sharded_job_that_fails_after_a_failover_undoes_each_chunk_completed_before_and_after_it_once()
    {
        const long chunks = 12, doneBefore = 5;
        // The survivors share one kernel, so whichever takes the job over, its runs and undos are seen here.
        var after = new UndoingKernel(gateFrom: 0, failAt: 9);
        var (oldest, survivor) = await StartMember("undoing", after);
        var seed = Akka.Cluster.Cluster.Get(oldest).SelfAddress.ToString();
        await StartMember("undoing", after, seed);
        var before = new UndoingKernel(gateFrom: doneBefore, failAt: long.MaxValue);
        var (owner, engine) = await StartMember("undoing", before, seed, dies: true);
        // Its chunks stay on the member it was submitted to (placement local), so only that member's kernel runs them.
        var spec = new JobSpec("undoing", 0, chunks * 10, minChunk: 10, maxHelpers: 3, placement: Placement.Local);
        var submitter = CreateTestProbe(owner);
        engine.Coordinator.Tell(new SubmitJob(spec, "undo-failover", Detached: true), submitter.Ref);
        Assert.Equal(chunks, submitter.ExpectMsg<JobAccepted>(Timeout).Chunks);
        await AwaitAssertAsync(() =>
        {
            engine.Coordinator.Tell(new GetJobStatus("undo-failover"), submitter.Ref);
            Assert.Equal(doneBefore, submitter.ExpectMsg<JobStatus>().ChunksJournaled);
        }, Timeout, TimeSpan.FromMilliseconds(100));

        // Gone without leaving: the others find it unreachable, down it, and its shard moves to one of them.
        await owner.Terminate();
        var watcher = CreateTestProbe(oldest);
        await AwaitAssertAsync(() =>
        {
            survivor.Coordinator.Tell(new GetJobStatus("undo-failover"), watcher.Ref);
            var status = watcher.ExpectMsg<JobStatus>(TimeSpan.FromSeconds(5));
            Assert.Equal(JobState.Running, status.State);
            Assert.NotEqual(Akka.Cluster.Cluster.Get(owner).SelfAddress.ToString(), status.Owner);
        }, TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(500));
        survivor.Coordinator.Tell(new WatchJob("undo-failover"), watcher.Ref);
        after.Gate.Set();
        var failed = watcher.FishForMessage<JobFailed>(_ => true, Timeout);

        Assert.Equal(JobFailureKind.ChunkFailed, failed.Kind);
        Assert.Equal(9, failed.FailedChunk!.Value.Index);
        Assert.Equal(Enumerable.Range(0, (int)doneBefore).Select(i => (long)i), before.Completed.Order());
        Assert.Empty(before.Undone);
        Assert.Empty(after.Ran.Intersect(before.Completed));
        Assert.Equal(before.Completed.Union(after.Completed).Order(), after.Undone.Keys.Order());
        Assert.All(after.Undone.Values, count => Assert.Equal(1, count));
    }

    [Fact]
    public async Task A_sharded_job_that_answered_before_its_member_died_still_answers_by_id_from_the_member_that_took_its_shard()
    {
        var kernel = new CountingKernel(gateFrom: 6);
        var (oldest, first) = await StartMember("count", kernel, dies: true);
        var seed = Akka.Cluster.Cluster.Get(oldest).SelfAddress.ToString();
        var engines = new[] { first, (await StartMember("count", kernel, seed, dies: true)).Engine, (await StartMember("count", kernel, seed, dies: true)).Engine };
        var submitter = CreateTestProbe(oldest);
        first.Coordinator.Tell(new SubmitJob(Spec(), "answered"), submitter.Ref);
        submitter.ExpectMsg<JobAccepted>(Timeout);
        var owner = (await RunningStatus(first, "answered", oldest)).Owner;
        kernel.Gate.Set();
        Assert.Equal(Sum, submitter.ExpectMsg<JobCompleted>(Timeout).Result);

        // The member that keeps the answer dies; the job's shard moves, and its entity reads the answer from the ledger.
        var dying = _cluster.Members.Single(m => Akka.Cluster.Cluster.Get(m).SelfAddress.ToString() == owner);
        await dying.Terminate();
        var (survivorSystem, survivor) = _cluster.Members.Zip(engines).First(p => p.First != dying);
        var watcher = CreateTestProbe(survivorSystem);
        await AwaitAssertAsync(() =>
        {
            survivor.Coordinator.Tell(new GetJobStatus("answered"), watcher.Ref);
            Assert.Equal(JobState.Completed, watcher.ExpectMsg<JobStatus>(TimeSpan.FromSeconds(5)).State);
        }, TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(500));
        // A probe of its own: replies to the looks above that timed out while the shard moved may still come in.
        var waiter = CreateTestProbe(survivorSystem);
        survivor.Coordinator.Tell(new WatchJob("answered"), waiter.Ref);
        Assert.Equal(JobState.Completed, waiter.ExpectMsg<JobStatus>(Timeout).State);
        Assert.Equal(Sum, waiter.ExpectMsg<JobCompleted>(Timeout).Result);

        // The id can be used again there: the entity that only read the answer admits the new job.
        var resubmitter = CreateTestProbe(survivorSystem);
        survivor.Coordinator.Tell(new SubmitJob(Spec(), "answered"), resubmitter.Ref);
        resubmitter.ExpectMsg<JobAccepted>(Timeout);
        var again = resubmitter.FishForMessage<JobCompleted>(_ => true, Timeout);
        Assert.Equal(Sum, again.Result);
        Assert.Equal(0, again.Statistics.ResumedChunks);
    }

    protected override void Dispose(bool disposing)
    {
        _cluster.Dispose();
        base.Dispose(disposing);
    }

    // Twelve chunks of 100 items, one chunk per span: every completed chunk is a ledger entry of its own.
    private static JobSpec Spec() => new("count", 0, 1200, minChunk: 10, maxHelpers: 3);

    /// <summary>A cluster of one member on its own loopback port, journalling to the test's server.</summary>
    private Task<(ActorSystem Member, WorkEngine Engine)> StartMember(CountingKernel kernel) => StartMember("count", kernel);

    /// <param name="seed">The cluster to join; null: a cluster of its own.</param>
    /// <param name="dies">Its termination is a death, not a leave: nothing hands its shards over.</param>
    private Task<(ActorSystem Member, WorkEngine Engine)> StartMember(string name, Engine.Kernels.IChunkKernel kernel, string? seed = null,
        bool dies = false) =>
        _cluster.Start(name, kernel, seed, snapshotEvery: 3,
            dies ? ConfigurationFactory.ParseString("akka.coordinated-shutdown.run-by-actor-system-terminate = off") : null);

    private async Task<JobStatus> RunningStatus(WorkEngine engine, string jobId, ActorSystem member)
    {
        var probe = CreateTestProbe(member);
        JobStatus status = null!;
        await AwaitAssertAsync(() =>
        {
            engine.Coordinator.Tell(new GetJobStatus(jobId), probe.Ref);
            status = probe.ExpectMsg<JobStatus>(TimeSpan.FromSeconds(5));
            Assert.Equal(JobState.Running, status.State);
        }, Timeout, TimeSpan.FromMilliseconds(100));
        return status;
    }
}
