namespace Actors.Tests.Persistence;

using Actors.Tests.Support;
using Akka.TestKit.Xunit2;
using Engine;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Jobs;
using Microsoft.Data.Sqlite;

/// <summary>
/// A journalled job starts while its admission is written, so only its acknowledgement waits for the journal: a
/// submitter told <see cref="JobAccepted"/> may leave, the ledger and the index hold the job by then, and an
/// admission that cannot be written is answered with the reason instead.
/// </summary>
public sealed class AdmissionTests : TestKit
{
    private const string Config = "akka.loglevel = WARNING";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _stateDir = Path.Combine(Path.GetTempPath(), $"engine-admission-{Guid.NewGuid():N}");

    public AdmissionTests() : base(Config)
    {
    }

    private EngineSettings Journalled => EngineFixtures.FakeTwoNodes with
    {
        Journal = new JournalSettings(true, _stateDir, 100, TimeSpan.FromHours(1)),
    };

    private SqliteConnection Journal()
    {
        var db = new SqliteConnection($"Data Source={Path.Combine(_stateDir, "journal.db")}");
        db.Open();
        return db;
    }

    private long Rows(SqliteConnection db, string persistenceIdLike)
    {
        using var count = db.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM journal WHERE persistence_id LIKE $id";
        count.Parameters.AddWithValue("$id", persistenceIdLike);
        return (long)count.ExecuteScalar()!;
    }

    [Fact]
    public void A_detached_job_is_acknowledged_only_once_its_ledger_and_the_index_hold_it()
    {
        var kernel = new CountingKernel(gateFrom: 0);
        var engine = WorkEngine.Start(Sys, Journalled).Register("count", kernel);
        engine.Coordinator.Tell(new SubmitJob(new JobSpec("count", 0, 100, minChunk: 10), "kept", Detached: true), TestActor);

        Assert.Equal(10, ExpectMsg<JobAccepted>(Patience).Chunks);
        using var db = Journal();
        Assert.Equal(1, Rows(db, "job|kept|%"));
        Assert.Equal(1, Rows(db, "engine-job-index"));
        kernel.Gate.Set();
    }

    [Fact]
    public void A_job_whose_admission_cannot_be_written_is_not_acknowledged_and_its_answer_says_why()
    {
        // The refused job is held at the gate, so it cannot finish (and answer) before its write fails.
        var gated = new CountingKernel(gateFrom: 0);
        var engine = WorkEngine.Start(Sys, Journalled).Register("count", new CountingKernel(gateFrom: long.MaxValue)).Register("gated", gated);
        // One job through first, so the journal's tables exist.
        engine.Coordinator.Tell(new SubmitJob(new JobSpec("count", 0, 100, minChunk: 10), "first"), TestActor);
        ExpectMsg<JobAccepted>(Patience);
        ExpectMsg<JobCompleted>(Patience);
        using (var db = Journal())
        using (var refuse = db.CreateCommand())
        {
            // A real write failure of the real journal, for this job's ledger only.
            refuse.CommandText = """
                CREATE TRIGGER refuse_ledger BEFORE INSERT ON journal WHEN NEW.persistence_id LIKE 'job|refused|%'
                BEGIN SELECT RAISE(ABORT, 'ledger refused by the test'); END;
                """;
            refuse.ExecuteNonQuery();
        }
        engine.Coordinator.Tell(new SubmitJob(new JobSpec("gated", 0, 100, minChunk: 10), "refused", Detached: true), TestActor);

        var failed = ExpectMsg<JobFailed>(Patience);
        Assert.Equal("refused", failed.JobId);
        Assert.Contains("the journal could not be written", failed.Reason);
        Assert.Contains("ledger refused by the test", failed.Reason);
        Assert.Empty(gated.Completed);

        engine.Coordinator.Tell(new SubmitJob(new JobSpec("count", 0, 100, minChunk: 10), "next"), TestActor);
        ExpectMsg<JobAccepted>(Patience);
        var next = ExpectMsg<JobCompleted>(Patience);
        Assert.Equal(Enumerable.Range(0, 100).Sum(i => (long)i), next.Result);
        Assert.True(next.Statistics.Journaled);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_stateDir))
            Directory.Delete(_stateDir, recursive: true);
    }
}
