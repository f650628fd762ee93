namespace Actors.Tests.Persistence;

using System.Collections.Concurrent;
using Engine.Jobs;
using Engine.Kernels;

/// <summary>
/// Sums item positions; chunks from <c>gateFrom</c> on wait until the gate opens or they get a pass (or for their
/// job's cancellation); remembers what ran.
/// </summary>
internal sealed class CountingKernel(long gateFrom) : ChunkKernel<object?, long>
{
    private static readonly TimeSpan PassLook = TimeSpan.FromMilliseconds(20);

    /// <summary>Open: every waiting chunk and every later one goes on.</summary>
    public ManualResetEventSlim Gate { get; } = new(false);

    /// <summary>One release, one chunk through, with the gate shut.</summary>
    public SemaphoreSlim Passes { get; } = new(0);

    public ConcurrentDictionary<long, bool> Runs { get; } = new();

    public IEnumerable<long> Ran => Runs.Keys;

    public IEnumerable<long> Completed => Runs.Where(r => r.Value).Select(r => r.Key);

    public override long Empty(object? arguments) => 0;

    public override long Run(ChunkRange chunk, object? arguments, ChunkContext context)
    {
        Runs.TryAdd(chunk.Index, false);
        if (chunk.Index >= gateFrom)
        {
            // Whichever comes first: the gate opening for all, or a pass for this one.
            while (!Gate.IsSet && !Passes.Wait(PassLook, context.Cancellation))
            {
            }
        }
        long sum = 0;
        for (var i = chunk.Start; i < chunk.End; i++)
            sum += i;
        Runs[chunk.Index] = true;
        return sum;
    }

    public override long Combine(long left, long right) => left + right;
}
