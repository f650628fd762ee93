namespace Actors.Tests.Persistence;

using Akka.Actor;
using Akka.TestKit.Xunit2;
using Engine;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Jobs;

/// <summary>
/// A job stopped half-way with its engine and resumed by a fresh engine on the same journal, checked chunk by chunk:
/// the SQLite and the PostgreSQL journal must both pass it.
/// </summary>
internal static class ResumeScenario
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task ResumesRunningOnlyTheChunksNotCompletedBefore(TestKit kit, EngineSettings journalled, string config)
    {
        // Three threads at most: twelve chunks of 100 items (padata: four per thread).
        const long chunks = 12, doneBefore = 6;
        var first = ActorSystem.Create("first", config);
        var before = new CountingKernel(gateFrom: doneBefore);
        var engine = WorkEngine.Start(first, journalled).Register("count", before);
        var submitter = kit.CreateTestProbe(first);
        engine.Coordinator.Tell(new SubmitJob(new JobSpec("count", 0, chunks * 100, minChunk: 10, maxHelpers: 3), "resume"), submitter.Ref);
        Assert.Equal(chunks, submitter.ExpectMsg<JobAccepted>().Chunks);
        // Every chunk before the gate is done and its ledger entry written; the rest wait at the gate.
        var status = kit.CreateTestProbe(first);
        await kit.AwaitAssertAsync(() =>
        {
            engine.Coordinator.Tell(new GetJobStatus("resume"), status.Ref);
            Assert.Equal(doneBefore, status.ExpectMsg<JobStatus>().ChunksJournaled);
        }, Patience, TimeSpan.FromMilliseconds(100));
        await first.Terminate();

        // Held at the gate until the watcher is in, so the resumed job cannot answer before anyone listens.
        var after = new CountingKernel(gateFrom: 0);
        var resumed = WorkEngine.Start(kit.Sys, journalled).Register("count", after).Resume();
        var watcher = kit.CreateTestProbe();
        await kit.AwaitAssertAsync(() =>
        {
            resumed.Coordinator.Tell(new WatchJob("resume"), watcher.Ref);
            watcher.ExpectMsg<JobStatus>(TimeSpan.FromSeconds(1));
        }, Patience, TimeSpan.FromMilliseconds(100));
        after.Gate.Set();
        var completed = watcher.FishForMessage<JobCompleted>(_ => true, Patience);

        Assert.Equal(Enumerable.Range(0, (int)(chunks * 100)).Sum(i => (long)i), completed.Result);
        Assert.Equal(doneBefore, completed.Statistics.ResumedChunks);
        Assert.True(completed.Statistics.Journaled);
        Assert.Empty(after.Ran.Intersect(before.Completed));
        Assert.Equal(Enumerable.Range(0, (int)chunks).Select(i => (long)i), after.Ran.Union(before.Completed).Order());
    }

    /// <summary>A fresh engine on a journal whose row for job "broken" was corrupted: one clear error, and it serves the next job.</summary>
    public static async Task RefusesTheCorruptLedgerAndGoesOn(TestKit kit, EngineSettings journalled)
    {
        var resumed = WorkEngine.Start(kit.Sys, journalled).Register("count", new CountingKernel(long.MaxValue));
        await kit.EventFilter.Error(contains: "Job broken: its ledger in the journal cannot be read").ExpectOneAsync(Patience, async () =>
        {
            resumed.Resume();
            await Task.Delay(1);
        });
        await kit.AwaitAssertAsync(() =>
        {
            resumed.Coordinator.Tell(new GetJobStatus("broken"), kit.TestActor);
            kit.ExpectMsg<JobUnknown>(TimeSpan.FromSeconds(1));
        }, Patience, TimeSpan.FromMilliseconds(100));
        resumed.Coordinator.Tell(new SubmitJob(new JobSpec("count", 0, 100, minChunk: 10)), kit.TestActor);
        kit.ExpectMsg<JobAccepted>();
        Assert.Equal(Enumerable.Range(0, 100).Sum(i => (long)i), kit.ExpectMsg<JobCompleted>(Patience).Result);
    }
}
