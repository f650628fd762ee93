namespace Actors.Tests.Persistence;

using System.Collections.Concurrent;
using Engine.Jobs;
using Engine.Kernels;

/// <summary>Sums item positions; chunks from <c>gateFrom</c> on wait at a gate (or for their job's cancellation); remembers what ran.</summary>
internal sealed class CountingKernel(long gateFrom) : ChunkKernel<object?, long>
{
    public ManualResetEventSlim Gate { get; } = new(false);

    public ConcurrentDictionary<long, bool> Runs { get; } = new();

    public IEnumerable<long> Ran => Runs.Keys;

    public IEnumerable<long> Completed => Runs.Where(r => r.Value).Select(r => r.Key);

    public override long Empty(object? arguments) => 0;

    public override long Run(ChunkRange chunk, object? arguments, ChunkContext context)
    {
        Runs.TryAdd(chunk.Index, false);
        if (chunk.Index >= gateFrom)
            Gate.Wait(context.Cancellation);
        long sum = 0;
        for (var i = chunk.Start; i < chunk.End; i++)
            sum += i;
        Runs[chunk.Index] = true;
        return sum;
    }

    public override long Combine(long left, long right) => left + right;
}
