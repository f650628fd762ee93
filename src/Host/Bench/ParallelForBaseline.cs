namespace Engine.Host.Bench;

using System.Diagnostics;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Planning;

/// <summary>
/// The same job the plain .NET way: the engine's chunk plan run by <see cref="Parallel.For(long, long, ParallelOptions, Action{long})"/>
/// on the thread pool with as many threads, results folded in chunk order. What the engine must not be slower than.
/// </summary>
public static class ParallelForBaseline
{
    public static (double Seconds, object? Result) Run(IChunkKernel kernel, JobSpec spec, ChunkPlan plan, int threads)
    {
        var results = new object?[plan.ChunkCount];
        var clock = Stopwatch.StartNew();
        Parallel.For(0, plan.ChunkCount, new ParallelOptions { MaxDegreeOfParallelism = threads }, index =>
            results[index] = kernel.Run(new ChunkContext("parallel-for", plan.ChunkAt(index), spec.Arguments, 0, CancellationToken.None)));
        var result = results.Length == 0 ? kernel.Empty(spec.Arguments) : results.Skip(1).Aggregate(results[0], kernel.Combine);
        return (clock.Elapsed.TotalSeconds, result);
    }
}
