namespace Actors.Tests.Cluster;

using Actors.Tests.Support;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Actors.Tests.Serialization.Unlisted;
using Engine.Actors.Throttling;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Kernels.BuiltIn;
using Engine.Kernels.BuiltIn.Hash;

/// <summary>One job spread over a three-member loopback cluster: the same digest as one process, whatever happens to members.</summary>
public sealed class ClusterJobTests : TestKit, IAsyncLifetime
{
    private const int LeafSize = 1024;
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(60);
    private readonly LoopbackCluster _cluster = new();

    public ClusterJobTests() : base("akka.loglevel = WARNING")
    {
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task A_hash_job_spread_over_three_members_gives_the_single_host_digest()
    {
        var members = new[] { _cluster.Start(), _cluster.Start(), _cluster.Start() };
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        var spec = HashJob(HashKernel.Name, leaves: 20_000);

        var result = await WorkEngine.Get(members[0]).RunAsync(spec).WaitAsync(JobTimeout);

        Assert.Equal(SingleHostRoot(spec), ((MerkleSegment)result.Value!).Root);
        Assert.Equal(spec.Size, result.Statistics.Items);
    }

    [Fact]
    public async Task At_one_chunk_per_message_with_remote_requests_deepening_every_chunk_counts_once_and_helpers_go_home()
    {
        // One leaf per chunk and per grant: spans far shorter than the round trip, so remote helpers deepen their requests.
        var settings = LoopbackCluster.MemberSettings with
        {
            SpanTarget = TimeSpan.Zero,
            ClusterLoadBalanceFactor = 4_000,
            RemotePrefetch = 1,
            RemotePrefetchMax = 64,
        };
        var members = new[] { _cluster.Start(settings: settings), _cluster.Start(settings: settings) };
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        var spec = HashJob(HashKernel.Name, leaves: 20_000);

        var result = await WorkEngine.Get(members[0]).RunAsync(spec).WaitAsync(JobTimeout);

        Assert.Equal(SingleHostRoot(spec), ((MerkleSegment)result.Value!).Root);
        Assert.Equal(spec.Size, result.Statistics.Items);
        Assert.Equal(result.Statistics.Chunks, result.Statistics.ChunksPerMember.Values.Sum());
        foreach (var member in members)
            await AwaitAssertAsync(async () => Assert.Equal(0,
                (await WorkEngine.Get(member).Throttler.Ask<ThrottlerState>(GetThrottlerState.Instance)).RunningTotal),
                TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Every_member_pulls_chunks_of_a_job_submitted_to_one()
    {
        var members = new[] { _cluster.Start(), _cluster.Start(), _cluster.Start() };
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        var spec = HashJob(SlowHashKernel.Name, leaves: 12_000);

        var result = await WorkEngine.Get(members[1]).RunAsync(spec).WaitAsync(JobTimeout);

        Assert.Equal(SingleHostRoot(spec), ((MerkleSegment)result.Value!).Root);
        foreach (var member in members)
            Assert.True(result.Statistics.ChunksPerMember.GetValueOrDefault(LoopbackCluster.AddressOf(member).ToString()) > 0,
                $"{LoopbackCluster.AddressOf(member)} ran no chunk: {string.Join(", ", result.Statistics.ChunksPerMember)}");
    }

    [Fact]
    public async Task Every_member_learns_that_the_others_share_its_machine_and_forgets_one_that_left()
    {
        var members = new[] { _cluster.Start(), _cluster.Start(), _cluster.Start() };
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        var machines = WorkEngine.Get(members[0]).Runtime.Machines;
        Assert.NotNull(machines.Self);

        await AwaitAssertAsync(() =>
        {
            foreach (var other in members.Skip(1))
                Assert.True(machines.PlaceOf(LoopbackCluster.AddressOf(other), 0).SharesCpusWith(machines.PlaceOf(new Address("akka", "engine"), 0)));
        }, TimeSpan.FromSeconds(10));
        var leaving = LoopbackCluster.AddressOf(members[2]);
        await Akka.Cluster.Cluster.Get(members[2]).LeaveAsync();
        await AwaitAssertAsync(() => Assert.Null(machines.PlaceOf(leaving, 0).Machine), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_job_survives_a_member_dying_mid_job_with_the_same_digest()
    {
        var coordinatorMember = _cluster.Start();
        _cluster.Start();
        var victim = _cluster.Start(crashable: true);
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        var spec = HashJob(SlowHashKernel.Name, leaves: 3_000);
        var submitter = CreateTestProbe(coordinatorMember);

        WorkEngine.Get(coordinatorMember).Coordinator.Tell(new SubmitJob(spec, "crash", ReportProgress: true), submitter.Ref);
        submitter.FishForMessage<JobProgress>(p => p.ChunksDone * 5 >= p.Chunks, TimeSpan.FromSeconds(30));
        await victim.Terminate();
        var completed = submitter.FishForMessage<object>(m => m is JobCompleted or JobFailed, JobTimeout);

        var done = Assert.IsType<JobCompleted>(completed);
        Assert.Equal(SingleHostRoot(spec), ((MerkleSegment)done.Result!).Root);
        Assert.True(done.Statistics.Requeued + done.Statistics.Copies > 0,
            "the dead member's spans should have been handed out again (requeued, or copied once their lease ran out)");
    }

    [Fact]
    public async Task A_frozen_member_holds_up_no_job_its_spans_are_run_elsewhere_once_their_lease_runs_out()
    {
        var frozen = new FrozenHashKernel();
        var coordinatorMember = _cluster.Start();
        _cluster.Start();
        var victim = _cluster.Start(slowHash: frozen);
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        // Long enough (about 2 s) for the victim's helpers to attach and freeze on a loaded machine.
        var spec = HashJob(SlowHashKernel.Name, leaves: 10_000);

        var result = await WorkEngine.Get(coordinatorMember).RunAsync(spec).WaitAsync(JobTimeout);
        frozen.Thaw();

        Assert.Equal(SingleHostRoot(spec), ((MerkleSegment)result.Value!).Root);
        Assert.True(frozen.Frozen > 0, "the frozen member never took a span, so nothing was tested");
        Assert.True(result.Statistics.LateSpans > 0, $"no lease ran out: {result.Statistics}");
        Assert.Equal(0, result.Statistics.ChunksPerMember.GetValueOrDefault(LoopbackCluster.AddressOf(victim).ToString()));
        Assert.Equal(0, result.Statistics.Requeued);
    }

    [Fact]
    public async Task A_slow_members_copies_are_stopped_there_once_another_copy_wins()
    {
        var slow = new FrozenHashKernel(heedsCancellation: true);
        var coordinatorMember = _cluster.Start();
        _cluster.Start(slowHash: slow);
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        var spec = HashJob(SlowHashKernel.Name, leaves: 8_000);

        var result = await WorkEngine.Get(coordinatorMember).RunAsync(spec).WaitAsync(JobTimeout);

        Assert.Equal(SingleHostRoot(spec), ((MerkleSegment)result.Value!).Root);
        Assert.True(result.Statistics.CopiesWon > 0, $"no copy won: {result.Statistics}");
        await AwaitConditionAsync(() => Task.FromResult(slow.Stopped > 0), TimeSpan.FromSeconds(10));
        slow.Thaw();
    }

    [Fact]
    public async Task A_cancel_from_another_member_than_the_submitters_is_refused_and_the_job_completes()
    {
        var coordinatorMember = _cluster.Start();
        var stranger = _cluster.Start();
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        var spec = HashJob(SlowHashKernel.Name, leaves: 3_000);
        var submitter = CreateTestProbe(coordinatorMember);
        WorkEngine.Get(coordinatorMember).Coordinator.Tell(new SubmitJob(spec, "not-yours", ReportProgress: true), submitter.Ref);
        submitter.FishForMessage<JobProgress>(_ => true, TimeSpan.FromSeconds(30));

        var coordinatorPath = EngineActorNames.PathAt(LoopbackCluster.AddressOf(coordinatorMember), EngineActorNames.Coordinator);
        stranger.ActorSelection(coordinatorPath).Tell(new CancelJob("not-yours"), CreateTestProbe(stranger).Ref);
        stranger.ActorSelection(coordinatorPath).Tell(new CancelJob("not-yours"));

        var done = Assert.IsType<JobCompleted>(submitter.FishForMessage<object>(m => m is JobCompleted or JobFailed, JobTimeout));
        Assert.Equal(SingleHostRoot(spec), ((MerkleSegment)done.Result!).Root);
    }

    [Fact]
    public async Task A_jobs_helper_limit_holds_across_every_member_together()
    {
        var members = new[] { _cluster.Start(), _cluster.Start(), _cluster.Start() };
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        var spec = HashJob(SlowHashKernel.Name, leaves: 3_000) with { MaxHelpers = 3 };

        var result = await WorkEngine.Get(members[0]).RunAsync(spec).WaitAsync(JobTimeout);

        Assert.Equal(SingleHostRoot(spec), ((MerkleSegment)result.Value!).Root);
        Assert.InRange(result.Statistics.PeakHelpers, 1, 2);
    }

    [Fact]
    public async Task A_member_that_joins_mid_job_gets_work()
    {
        var first = _cluster.Start();
        _cluster.Start();
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        // Long enough (about 6 s on the first two members) for the latecomer to join and find chunks left.
        var spec = HashJob(SlowHashKernel.Name, leaves: 30_000);
        var submitter = CreateTestProbe(first);

        WorkEngine.Get(first).Coordinator.Tell(new SubmitJob(spec, "join", ReportProgress: true), submitter.Ref);
        submitter.FishForMessage<JobProgress>(_ => true, TimeSpan.FromSeconds(30));
        var latecomer = _cluster.Start();
        var completed = submitter.FishForMessage<object>(m => m is JobCompleted or JobFailed, JobTimeout);

        var done = Assert.IsType<JobCompleted>(completed);
        Assert.Equal(SingleHostRoot(spec), ((MerkleSegment)done.Result!).Root);
        Assert.True(done.Statistics.ChunksPerMember.GetValueOrDefault(LoopbackCluster.AddressOf(latecomer).ToString()) > 0,
            $"the latecomer ran no chunk: {string.Join(", ", done.Statistics.ChunksPerMember)}");
    }

    [Fact]
    public async Task When_the_coordinators_member_dies_a_submitter_on_another_member_is_told_why()
    {
        var coordinatorMember = _cluster.Start(crashable: true);
        var submitterMember = _cluster.Start();
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        var progressed = new TaskCompletionSource();
        var job = JobSubmission.RunAsync(submitterMember, WorkEngine.Get(coordinatorMember).Coordinator,
            HashJob(SlowHashKernel.Name, leaves: 30_000), progress: new Progress<JobProgress>(_ => progressed.TrySetResult()));
        await progressed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        await coordinatorMember.Terminate();

        var failure = await Assert.ThrowsAsync<JobFailedException>(() => job.WaitAsync(JobTimeout));
        Assert.Equal(JobFailureKind.CoordinatorLost, failure.Kind);
        Assert.Contains("coordinator", failure.Message);
    }

    [Fact]
    public async Task A_message_of_an_unregistered_type_is_refused_and_logged_and_the_member_keeps_working()
    {
        var target = _cluster.Start();
        var stranger = _cluster.Start();
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        var errors = CreateTestProbe(target);
        target.EventStream.Subscribe(errors.Ref, typeof(Akka.Event.Error));
        var coordinatorPath = EngineActorNames.PathAt(LoopbackCluster.AddressOf(target), EngineActorNames.Coordinator);

        stranger.ActorSelection(coordinatorPath).Tell(new UnlistedOrder("build me"));

        errors.FishForMessage<Akka.Event.Error>(e => e.Message.ToString()!.Contains(typeof(UnlistedOrder).FullName!),
            TimeSpan.FromSeconds(10));
        var spec = HashJob(HashKernel.Name, leaves: 2_000);
        var result = await WorkEngine.Get(stranger).RunAsync(spec).WaitAsync(JobTimeout);
        Assert.Equal(SingleHostRoot(spec), ((MerkleSegment)result.Value!).Root);
    }

    private static JobSpec HashJob(string kernel, int leaves) => new(kernel, 0, (long)leaves * LeafSize, align: LeafSize,
        arguments: new HashArgs(Seed: 7, LeafSize: LeafSize));

    private static string SingleHostRoot(JobSpec spec) => ((MerkleSegment)((IChunkKernel)BuiltInKernels.Hash).Run(new ChunkContext("reference",
        new ChunkRange(0, spec.Start, spec.End), spec.Arguments, 0, CancellationToken.None))!).Root;
}
