namespace Actors.Tests.Coordination;

using Actors.Tests.Support;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Jobs;

public class JobResultsTests : TestKit
{
    private readonly WorkEngine _engine;

    public JobResultsTests() : base("akka.loglevel = WARNING")
    {
        _engine = WorkEngine.Start(Sys, EngineFixtures.FakeTwoNodes);
        _engine.Register("hash", new SequenceHashKernel());
    }

    [Fact]
    public async Task A_jobs_result_equals_the_single_threaded_result_for_random_job_shapes()
    {
        var random = new Random(2024);
        for (var round = 0; round < 40; round++)
        {
            var start = random.NextInt64(0, 1_000_000);
            var size = random.Next(4) == 0 ? random.NextInt64(0, 50) : random.NextInt64(0, 200_000);
            var align = new[] { 1L, 3L, 64L, 4096L }[random.Next(4)];
            var minChunk = new[] { 1L, 10L, 1000L }[random.Next(3)];
            var helpers = random.Next(1, 12);
            var placement = random.Next(3) switch
            {
                0 => Placement.Local,
                1 => Placement.AnyNode,
                _ => Placement.Nodes(new NodeShare(1, random.Next(1, 4)), new NodeShare(0, random.Next(1, 4))),
            };
            var spec = new JobSpec("hash", start, size, align, minChunk, helpers, placement);
            var result = await _engine.RunAsync(spec);
            var expected = SequenceHash.Of(LongRange(start, size));
            Assert.True(expected == (SequenceHash)result.Value!, $"round {round}: {spec}");
            Assert.Equal(result.Statistics.Chunks, result.Statistics.ChunksPerNode.Values.Sum());
        }
    }

    [Fact]
    public async Task Concurrent_jobs_each_get_their_own_correct_result()
    {
        var jobs = Enumerable.Range(0, 20)
            .Select(i => (Start: i * 1000L, Size: 5000L + i * 777))
            .Select(j => (j, Task: _engine.RunAsync(new JobSpec("hash", j.Start, j.Size, minChunk: 50))))
            .ToArray();
        foreach (var (job, task) in jobs)
            Assert.Equal(SequenceHash.Of(LongRange(job.Start, job.Size)), (await task).Value);
    }

    [Fact]
    public async Task A_job_of_size_zero_completes_at_once_with_the_empty_result()
    {
        var result = await _engine.RunAsync(new JobSpec("hash", 10, 0));
        Assert.Equal(new SequenceHash(0, 0), result.Value);
        Assert.Equal(0, result.Statistics.Chunks);
    }

    [Fact]
    public async Task A_job_of_one_chunk_runs_on_the_callers_lane_alone()
    {
        var result = await _engine.RunAsync(new JobSpec("hash", 0, 100, minChunk: 1000));
        Assert.Equal(1, result.Statistics.Chunks);
        Assert.Equal(1, result.Statistics.LaneChunks);
        Assert.Equal(0, result.Statistics.PeakHelpers);
    }

    [Fact]
    public async Task With_max_helpers_one_only_the_lane_works()
    {
        var result = await _engine.RunAsync(new JobSpec("hash", 0, 100_000, maxHelpers: 1));
        Assert.Equal(result.Statistics.Chunks, result.Statistics.LaneChunks);
        Assert.Equal(0, result.Statistics.HelpersUsed);
    }

    private static IEnumerable<long> LongRange(long start, long size)
    {
        for (var i = start; i < start + size; i++)
            yield return i;
    }
}
