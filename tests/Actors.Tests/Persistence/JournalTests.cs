namespace Actors.Tests.Persistence;

using Actors.Tests.Support;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Engine;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Jobs;
using Engine.Kernels;
using Microsoft.Data.Sqlite;

/// <summary>Journalled jobs outlive their engine: a restarted one resumes them and never runs a completed span again.</summary>
public sealed class JournalTests : TestKit
{
    private const string Config = "akka.loglevel = WARNING";
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), $"engine-journal-{Guid.NewGuid():N}");

    public JournalTests() : base(Config)
    {
    }

    // One chunk per span, so every completed chunk is a ledger entry of its own and the gate splits no span.
    private EngineSettings Journalled => EngineFixtures.FakeTwoNodes with
    {
        Journal = new JournalSettings(true, _stateDir, SnapshotEvery, TimeSpan.FromHours(1)),
        SpanTarget = TimeSpan.FromTicks(1),
    };

    private const int SnapshotEvery = 3;

    [Fact]
    public Task A_restarted_engine_resumes_the_job_and_runs_only_the_chunks_not_completed_before() =>
        ResumeScenario.ResumesRunningOnlyTheChunksNotCompletedBefore(this, Journalled, Config);

    [Fact]
    public void A_job_whose_kernel_cannot_persist_runs_unjournalled_and_says_so()
    {
        var engine = WorkEngine.Start(Sys, Journalled).Register("secret", new UnpersistableKernel()).Register("count", new CountingKernel(long.MaxValue));
        engine.Coordinator.Tell(new SubmitJob(new JobSpec("secret", 0, 100, minChunk: 10)), TestActor);
        ExpectMsg<JobAccepted>();
        var secret = ExpectMsg<JobCompleted>(TimeSpan.FromSeconds(20));
        Assert.Equal(100L, secret.Result);
        Assert.False(secret.Statistics.Journaled);
        Assert.Contains(secret.Statistics.Decisions, d => d.Rule == "journal" && d.Why.Contains("'secret'"));

        engine.Coordinator.Tell(new SubmitJob(new JobSpec("count", 0, 100, minChunk: 10)), TestActor);
        ExpectMsg<JobAccepted>();
        Assert.True(ExpectMsg<JobCompleted>(TimeSpan.FromSeconds(20)).Statistics.Journaled);
    }

    /// <summary>Bytes that are no Hyperion object, and a well-formed Hyperion object of a type no ledger holds.</summary>
    public static TheoryData<string, byte[]> BadRows => new()
    {
        { "corrupt", [0xDE, 0xAD, 0xBE, 0xEF, 0x00] },
        { "foreign", Foreign(new List<string> { "not", "a", "ledger" }) },
    };

    private static byte[] Foreign(object value)
    {
        using var stream = new MemoryStream();
        new Hyperion.Serializer().Serialize(value, stream);
        return stream.ToArray();
    }

    [Theory]
    [MemberData(nameof(BadRows))]
    public async Task A_corrupt_or_foreign_ledger_row_is_one_clear_error_naming_its_job_and_the_engine_goes_on(string what, byte[] row)
    {
        var first = ActorSystem.Create("first", Config);
        var engine = WorkEngine.Start(first, Journalled).Register("count", new CountingKernel(gateFrom: 2));
        var submitter = CreateTestProbe(first);
        engine.Coordinator.Tell(new SubmitJob(new JobSpec("count", 0, 100, minChunk: 10), "broken"), submitter.Ref);
        submitter.ExpectMsg<JobAccepted>();
        await AwaitAssertAsync(() =>
        {
            engine.Coordinator.Tell(new GetJobStatus("broken"), submitter.Ref);
            Assert.Equal(2, submitter.ExpectMsg<JobStatus>().ChunksJournaled);
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        await first.Terminate();
        using (var db = new SqliteConnection($"Data Source={Path.Combine(_stateDir, "journal.db")}"))
        {
            db.Open();
            using var corrupt = db.CreateCommand();
            corrupt.CommandText = "UPDATE journal SET message = $row WHERE persistence_id LIKE 'job|broken|%'";
            corrupt.Parameters.AddWithValue("$row", row);
            Assert.True(corrupt.ExecuteNonQuery() > 0);
        }

        Assert.NotEmpty(what);
        await ResumeScenario.RefusesTheCorruptLedgerAndGoesOn(this, Journalled);
    }

    [Fact]
    public async Task A_job_resumed_after_many_spans_reads_its_snapshot_and_a_bounded_number_of_events()
    {
        // Five threads at most (the fixture's global cap of 4, and the lane): twenty chunks of 10 items.
        const long chunks = 20, doneBefore = 16;
        var first = ActorSystem.Create("first", Config);
        var engine = WorkEngine.Start(first, Journalled).Register("count", new CountingKernel(gateFrom: doneBefore));
        var submitter = CreateTestProbe(first);
        engine.Coordinator.Tell(new SubmitJob(new JobSpec("count", 0, chunks * 10, minChunk: 10, maxHelpers: 5), "long"), submitter.Ref);
        Assert.Equal(chunks, submitter.ExpectMsg<JobAccepted>().Chunks);
        // Snapshots are saved while the job goes on: the kill comes once the last one is in.
        JobStatus atKill = null!;
        await AwaitAssertAsync(() =>
        {
            engine.Coordinator.Tell(new GetJobStatus("long"), submitter.Ref);
            atKill = submitter.ExpectMsg<JobStatus>();
            Assert.Equal(doneBefore, atKill.ChunksJournaled);
            Assert.InRange(atKill.EventsSinceSnapshot, 0, SnapshotEvery - 1);
        }, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));
        await first.Terminate();

        var after = new CountingKernel(gateFrom: 0);
        var resumed = WorkEngine.Start(Sys, Journalled).Register("count", after).Resume();
        var watcher = CreateTestProbe();
        JobStatus status = null!;
        await AwaitAssertAsync(() =>
        {
            resumed.Coordinator.Tell(new WatchJob("long"), watcher.Ref);
            status = watcher.ExpectMsg<JobStatus>(TimeSpan.FromSeconds(1));
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        after.Gate.Set();
        var completed = watcher.FishForMessage<JobCompleted>(_ => true, TimeSpan.FromSeconds(60));

        // 17 events were written (the admission, then one per span of one chunk): recovery read the snapshot and
        // only the events after it.
        Assert.Equal(atKill.EventsSinceSnapshot, status.LedgerEventsRead);
        Assert.InRange(status.LedgerEventsRead, 0, SnapshotEvery - 1);
        Assert.Equal(doneBefore, completed.Statistics.ResumedChunks);
        Assert.Equal(Enumerable.Range(0, (int)(chunks * 10)).Sum(i => (long)i), completed.Result);
        Assert.Equal(Enumerable.Range((int)doneBefore, (int)(chunks - doneBefore)).Select(i => (long)i), after.Ran.Order());
    }

    [Fact]
    public async Task A_job_that_fails_after_it_resumed_undoes_each_completed_chunk_once_those_of_the_first_process_too()
    {
        const long chunks = 12, doneBefore = 5;
        var first = ActorSystem.Create("first", Config);
        var before = new UndoingKernel(gateFrom: doneBefore, failAt: long.MaxValue);
        var engine = WorkEngine.Start(first, Journalled).Register("undoing", before);
        var submitter = CreateTestProbe(first);
        engine.Coordinator.Tell(new SubmitJob(new JobSpec("undoing", 0, chunks * 10, minChunk: 10, maxHelpers: 3), "undo"), submitter.Ref);
        submitter.ExpectMsg<JobAccepted>();
        await AwaitAssertAsync(() =>
        {
            engine.Coordinator.Tell(new GetJobStatus("undo"), submitter.Ref);
            Assert.Equal(doneBefore, submitter.ExpectMsg<JobStatus>().ChunksJournaled);
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        await first.Terminate();
        Assert.Empty(before.Undone);

        var after = new UndoingKernel(gateFrom: 0, failAt: 9);
        var resumed = WorkEngine.Start(Sys, Journalled).Register("undoing", after).Resume();
        var watcher = CreateTestProbe();
        await AwaitAssertAsync(() =>
        {
            resumed.Coordinator.Tell(new WatchJob("undo"), watcher.Ref);
            watcher.ExpectMsg<JobStatus>(TimeSpan.FromSeconds(1));
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        after.Gate.Set();
        var failed = watcher.FishForMessage<JobFailed>(_ => true, TimeSpan.FromSeconds(60));

        Assert.Equal(JobFailureKind.ChunkFailed, failed.Kind);
        Assert.Equal(9, failed.FailedChunk!.Value.Index);
        var completed = before.Completed.Union(after.Completed).Order().ToArray();
        Assert.Equal(Enumerable.Range(0, (int)doneBefore).Select(i => (long)i), before.Completed.Order());
        Assert.Equal(completed, after.Undone.Keys.Order());
        Assert.All(after.Undone.Values, count => Assert.Equal(1, count));
        Assert.Empty(after.Ran.Intersect(before.Completed));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_stateDir))
            Directory.Delete(_stateDir, recursive: true);
    }

    private sealed class UnpersistableKernel : ChunkKernel<object?, long>
    {
        public override bool Persistable => false;

        public override long Empty(object? arguments) => 0;

        public override long Run(ChunkRange chunk, object? arguments, ChunkContext context) => chunk.Length;

        public override long Combine(long left, long right) => left + right;
    }
}
