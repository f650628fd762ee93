namespace Actors.Tests.Persistence;

using Actors.Tests.Support;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Engine;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Jobs;
using Npgsql;

/// <summary>The same journal on PostgreSQL (<c>engine.journal.mode = postgres</c>): jobs outlive their engine there too.</summary>
public sealed class PostgresJournalTests : TestKit
{
    private const string Config = "akka.loglevel = WARNING";
    private readonly PostgresServer _server = PostgresServer.Start();

    public PostgresJournalTests() : base(Config)
    {
    }

    // One chunk per span, so every completed chunk is a ledger entry of its own and the gate splits no span.
    private EngineSettings Journalled(string connection) => EngineFixtures.FakeTwoNodes with
    {
        Journal = new JournalSettings(true, Path.GetTempPath(), 3, TimeSpan.FromHours(1), JournalStore.Postgres),
        Postgres = connection,
        SpanTarget = TimeSpan.FromTicks(1),
    };

    [Fact]
    public Task A_job_journalled_to_postgres_resumes_in_a_fresh_engine_and_runs_only_the_chunks_not_completed_before() =>
        ResumeScenario.ResumesRunningOnlyTheChunksNotCompletedBefore(this, Journalled(_server.ConnectionString), Config);

    [Fact]
    public async Task A_corrupt_postgres_ledger_row_is_one_clear_error_naming_its_job_and_the_engine_goes_on()
    {
        var first = ActorSystem.Create("first", Config);
        var engine = WorkEngine.Start(first, Journalled(_server.ConnectionString)).Register("count", new CountingKernel(gateFrom: 2));
        var submitter = CreateTestProbe(first);
        engine.Coordinator.Tell(new SubmitJob(new JobSpec("count", 0, 100, minChunk: 10), "broken"), submitter.Ref);
        submitter.ExpectMsg<JobAccepted>();
        await AwaitAssertAsync(() =>
        {
            engine.Coordinator.Tell(new GetJobStatus("broken"), submitter.Ref);
            Assert.Equal(2, submitter.ExpectMsg<JobStatus>().ChunksJournaled);
        }, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));
        await first.Terminate();
        await using (var db = new NpgsqlConnection(_server.ConnectionString))
        {
            await db.OpenAsync();
            await using var corrupt = new NpgsqlCommand("UPDATE journal SET message = @row WHERE persistence_id LIKE 'job|broken|%'", db);
            corrupt.Parameters.AddWithValue("row", new byte[] { 0xDE, 0xAD, 0xBE, 0xEF, 0x00 });
            Assert.True(await corrupt.ExecuteNonQueryAsync() > 0);
        }

        await ResumeScenario.RefusesTheCorruptLedgerAndGoesOn(this, Journalled(_server.ConnectionString));
    }

    [Fact]
    public async Task A_postgres_server_that_cannot_be_reached_is_one_error_naming_journal_mode_and_jobs_run_unjournalled()
    {
        // The test's server stopped: nothing listens on its port any more.
        var port = _server.Port;
        _server.Dispose();
        var unreachable = $"Host=127.0.0.1;Port={port};Username=engine;Database=postgres;Timeout=5";
        WorkEngine engine = null!;
        await EventFilter.Error(contains: "journal.mode = postgres").ExpectOneAsync(TimeSpan.FromSeconds(30), () =>
        {
            engine = WorkEngine.Start(Sys, Journalled(unreachable)).Register("count", new CountingKernel(long.MaxValue));
            return Task.CompletedTask;
        });
        engine.Coordinator.Tell(new SubmitJob(new JobSpec("count", 0, 100, minChunk: 10)), TestActor);
        ExpectMsg<JobAccepted>();
        var completed = ExpectMsg<JobCompleted>(TimeSpan.FromSeconds(30));
        Assert.Equal(Enumerable.Range(0, 100).Sum(i => (long)i), completed.Result);
        Assert.False(completed.Statistics.Journaled);
    }

    [Fact]
    public void Journal_mode_postgres_without_engine_postgres_is_refused_naming_the_key()
    {
        var refused = Assert.Throws<EngineSettingException>(() =>
            EngineConfig.Read(Akka.Configuration.ConfigurationFactory.ParseString("engine.journal.mode = postgres")));
        Assert.Equal("journal.mode", refused.Key);
        Assert.Contains("engine.postgres is off", refused.Message);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        NpgsqlConnection.ClearAllPools();
        _server.Dispose();
    }
}
