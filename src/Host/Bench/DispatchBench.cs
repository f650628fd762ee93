namespace Engine.Host.Bench;

using System.Diagnostics;
using Akka.Configuration;
using Engine.Jobs;

/// <summary>
/// Empty-chunk dispatch on one host: a job of one-item chunks of a kernel that does nothing, so the time is all
/// planning, handing out, reporting and folding. The load-balance factor is raised so the planner cuts every item
/// into its own chunk (it would otherwise make about four chunks per thread).
/// </summary>
public static class DispatchBench
{
    public static async Task<double> ChunksPerSecondAsync(long chunks, TextWriter log, CancellationToken cancellation)
    {
        await using var process = EngineProcess.Start(ConfigurationFactory.ParseString("engine.load-balance-factor = 1000000000"));
        process.Engine.Register(EmptyKernel.Name, new EmptyKernel());
        await process.Engine.RunAsync(new JobSpec(EmptyKernel.Name, 0, Math.Min(chunks, 100_000)), cancellation);
        log.WriteLine($"bench: dispatching {chunks:N0} empty chunks");
        var clock = Stopwatch.StartNew();
        var result = await process.Engine.RunAsync(new JobSpec(EmptyKernel.Name, 0, chunks), cancellation);
        var seconds = clock.Elapsed.TotalSeconds;
        if ((long)result.Value! != chunks || result.Statistics.Chunks != chunks)
            throw new InvalidOperationException(
                $"the dispatch job ran {result.Statistics.Chunks:N0} chunks holding {result.Value} items, expected {chunks:N0} of one item");
        return chunks / seconds;
    }
}
