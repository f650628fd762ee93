namespace Actors.Tests.Coordination;

using Actors.Tests.Support;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Jobs;

public class DefaultMinChunkTests : TestKit
{
    private readonly WorkEngine _engine;

    public DefaultMinChunkTests() : base("akka.loglevel = WARNING")
    {
        _engine = WorkEngine.Start(Sys, EngineFixtures.FakeTwoNodes with { DefaultMinChunk = 250 });
        _engine.Register("hash", new SequenceHashKernel());
    }

    [Fact]
    public async Task A_job_that_sets_no_min_chunk_gets_the_engines_default()
    {
        var result = await _engine.RunAsync(new JobSpec("hash", 0, 1_000));

        Assert.Equal(250, result.Statistics.ChunkSize);
    }

    [Fact]
    public async Task A_jobs_own_min_chunk_wins_over_the_engines_default()
    {
        var result = await _engine.RunAsync(new JobSpec("hash", 0, 1_000, minChunk: 1));

        Assert.Equal(50, result.Statistics.ChunkSize);
    }
}
