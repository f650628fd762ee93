namespace Actors.Tests.Persistence;

using System.Text;
using Actors.Tests.Support;
using Akka.Actor;
using Akka.Configuration;
using Akka.Remote;
using Akka.Remote.Transport;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Jobs;
using Engine.Kernels;
using Npgsql;

/// <summary>
/// One owner at a time: the member that runs a sharded job is cut off from the others (Akka.Remote's throttler
/// adapter drops everything between them; the journal stays reachable), goes on writing its ledger for a while, is
/// downed, and the network heals. The job's ledger never holds two writers at once, and the job finishes once, with
/// a single host's result.
/// </summary>
public sealed class OneOwnerTests : TestKit
{
    private const string Config = "akka.loglevel = WARNING";
    private static readonly TimeSpan Timeout = PostgresMembers.Timeout;
    private readonly PostgresMembers _cluster = new();

    public OneOwnerTests() : base(Config)
    {
    }

    [Fact]
    public async Task An_owner_partitioned_away_and_healed_never_writes_beside_the_member_that_took_its_job_over()
    {
        const long chunks = 12, doneBefore = 4, duringPartition = 2;
        const string jobId = "partitioned";
        // The survivors share one kernel, so whichever takes the job over, its runs are seen here.
        var after = new CountingKernel(gateFrom: 0);
        var (oldest, survivor) = await StartMember(after);
        var seed = Akka.Cluster.Cluster.Get(oldest).SelfAddress.ToString();
        var (middle, _) = await StartMember(after, seed);
        var before = new CountingKernel(gateFrom: doneBefore);
        var (owner, engine) = await StartMember(before, seed);
        var ownerAddress = Akka.Cluster.Cluster.Get(owner).SelfAddress;
        // Its chunks stay on the member it was submitted to (placement local), so only that member's kernel runs them.
        var spec = new JobSpec("pass", 0, chunks * 100, minChunk: 10, maxHelpers: 3, placement: Placement.Local);
        var submitter = CreateTestProbe(owner);
        engine.Coordinator.Tell(new SubmitJob(spec, jobId, Detached: true), submitter.Ref);
        Assert.Equal(chunks, submitter.ExpectMsg<JobAccepted>(Timeout).Chunks);
        await JournalledOn(engine, jobId, submitter, doneBefore);

        // Cut off, the owner still reaches the journal: it completes and writes two more spans on its side of the split.
        await Partition(owner, [oldest, middle], Blackhole.Instance);
        await Partition(oldest, [owner], Blackhole.Instance);
        await Partition(middle, [owner], Blackhole.Instance);
        before.Passes.Release((int)duringPartition);
        await JournalledOn(engine, jobId, submitter, doneBefore + duringPartition);

        // The majority downs it and takes the job over; the owner downs itself.
        var watcher = CreateTestProbe(oldest);
        await AwaitAssertAsync(() =>
        {
            survivor.Coordinator.Tell(new GetJobStatus(jobId), watcher.Ref);
            var status = watcher.ExpectMsg<JobStatus>(TimeSpan.FromSeconds(5));
            Assert.Equal(JobState.Running, status.State);
            Assert.NotNull(status.Owner);
            Assert.NotEqual(ownerAddress.ToString(), status.Owner);
        }, TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(500));
        await owner.WhenTerminated.WaitAsync(Timeout);
        await Partition(oldest, [owner], Unthrottled.Instance);
        await Partition(middle, [owner], Unthrottled.Instance);

        survivor.Coordinator.Tell(new WatchJob(jobId), watcher.Ref);
        after.Passes.Release(int.MaxValue / 2);
        var completed = watcher.FishForMessage<JobCompleted>(_ => true, Timeout);

        Assert.Equal(Enumerable.Range(0, (int)(chunks * 100)).Sum(i => (long)i), completed.Result);
        Assert.Equal(doneBefore + duringPartition, completed.Statistics.ResumedChunks);
        Assert.Equal(doneBefore + duringPartition, before.Completed.Count());
        Assert.Subset(before.Completed.ToHashSet(), Enumerable.Range(0, (int)doneBefore).Select(i => (long)i).ToHashSet());
        Assert.Empty(after.Ran.Intersect(before.Completed));
        // The answer goes out while its ledger entries are written: the ledger is read once they are in.
        List<LedgerRow> ledger = [];
        await AwaitConditionAsync(async () =>
            (ledger = await Ledger(JobActor.ShardedPersistenceId(jobId))).Any(r => r.Holds("AnswerKept")), Timeout);
        // The journal's key: every sequence number once, in the order written.
        Assert.Equal(ledger.Select(r => r.SequenceNr).Distinct().Count(), ledger.Count);
        Assert.Equal(Enumerable.Range(1, ledger.Count).Select(i => (long)i), ledger.Select(r => r.SequenceNr));
        // One writer at a time: the owner's incarnation, then the one that took over, never back and forth.
        var writers = ledger.Select(r => r.Writer).Where((w, i) => i == 0 || w != ledger[i - 1].Writer).ToArray();
        Assert.Equal(2, writers.Length);
        Assert.Equal(writers.Length, writers.Distinct().Count());
        // Its admission, a span per chunk (one chunk per span) written once, and one answer.
        Assert.Equal(1, ledger.Count(r => r.Holds("JobAdmitted")));
        Assert.Equal((int)chunks, ledger.Count(r => r.Holds("SpanCompleted")));
        Assert.Equal(1, ledger.Count(r => r.Holds("JobAnswered")));
    }

    /// <summary>Everything between <paramref name="member"/> and <paramref name="others"/> dropped (or let through again), both ways.</summary>
    private static async Task Partition(ActorSystem member, IEnumerable<ActorSystem> others, ThrottleMode mode)
    {
        var transport = ((IRemoteActorRefProvider)((ExtendedActorSystem)member).Provider).Transport;
        foreach (var other in others)
            Assert.True(await transport.ManagementCommand(new SetThrottle(Akka.Cluster.Cluster.Get(other).SelfAddress,
                ThrottleTransportAdapter.Direction.Both, mode)));
    }

    private async Task JournalledOn(WorkEngine engine, string jobId, Akka.TestKit.TestProbe probe, long chunks) =>
        await AwaitAssertAsync(() =>
        {
            engine.Coordinator.Tell(new GetJobStatus(jobId), probe.Ref);
            Assert.Equal(chunks, probe.ExpectMsg<JobStatus>().ChunksJournaled);
        }, Timeout, TimeSpan.FromMilliseconds(100));

    private sealed record LedgerRow(long SequenceNr, string Writer, byte[] Message)
    {
        /// <summary>The row's ledger entry is of this type (its name is in the row's header).</summary>
        public bool Holds(string entry) => Encoding.UTF8.GetString(Message).Contains($".{entry},", StringComparison.Ordinal);
    }

    private async Task<List<LedgerRow>> Ledger(string persistenceId)
    {
        await using var db = new NpgsqlConnection(_cluster.Server.ConnectionString);
        await db.OpenAsync();
        await using var query = new NpgsqlCommand(
            "SELECT sequence_number, writer_uuid, message FROM journal WHERE persistence_id = @id ORDER BY ordering", db);
        query.Parameters.AddWithValue("id", persistenceId);
        await using var rows = await query.ExecuteReaderAsync();
        var ledger = new List<LedgerRow>();
        while (await rows.ReadAsync())
            ledger.Add(new LedgerRow(rows.GetInt64(0), rows.GetString(1), (byte[])rows[2]));
        return ledger;
    }

    /// <summary>A member with Akka.Remote's throttler adapter (so it can be cut off), journalling to the test's server.</summary>
    /// <param name="seed">The cluster to join; null: a cluster of its own.</param>
    private Task<(ActorSystem Member, WorkEngine Engine)> StartMember(IChunkKernel kernel, string? seed = null) =>
        _cluster.Start("pass", kernel, seed, snapshotEvery: 100,
            ConfigurationFactory.ParseString("akka.remote.dot-netty.tcp.applied-adapters = [trttl]"));

    protected override void Dispose(bool disposing)
    {
        _cluster.Dispose();
        base.Dispose(disposing);
    }
}
