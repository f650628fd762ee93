namespace Actors.Tests.Support;

using System.Collections.Concurrent;
using System.Diagnostics;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Threading;

/// <summary>
/// Helpers that get no further: on a helper thread every chunk stops at a gate until its copy is stopped or
/// the gate opens, as a helper that gets no CPU would; on the caller's lane it runs at once. Stands in for a
/// SCHED_IDLE helper beside busy programs, without needing busy programs.
/// </summary>
public sealed class StallingKernel(bool sideEffects = false) : ChunkKernel<object?, long>
{
    /// <summary>Long enough for every helper to have started its first chunk before the lane is done.</summary>
    public static readonly TimeSpan LaneChunkTime = TimeSpan.FromMilliseconds(20);

    public ManualResetEventSlim Gate { get; } = new(false);

    /// <summary>Set when the first helper stops at the gate: the lane waits for it, so helpers always hold work.</summary>
    private readonly ManualResetEventSlim _helperStalled = new(false);
    private static readonly TimeSpan HelperAttachTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Helper threads stopped at the gate, by kernel thread id.</summary>
    public ConcurrentDictionary<int, bool> Stalled { get; } = new();

    public ConcurrentDictionary<long, int> Runs { get; } = new();

    public override bool HasUndo => sideEffects;

    public override long Empty(object? arguments) => 0;

    public override long Run(ChunkRange chunk, object? arguments, ChunkContext context)
    {
        Runs.AddOrUpdate(chunk.Index, 1, (_, n) => n + 1);
        if (context.Node >= 0)
        {
            var tid = NativeThread.CurrentThreadId();
            Stalled[tid] = true;
            _helperStalled.Set();
            try
            {
                Gate.Wait(context.Cancellation);
            }
            finally
            {
                Stalled.TryRemove(tid, out _);
            }
        }
        else
        {
            _helperStalled.Wait(HelperAttachTimeout);
            Thread.Sleep(LaneChunkTime);
        }
        return chunk.Length;
    }

    public override long Combine(long left, long right) => left + right;

    public override void Undo(ChunkRange chunk, object? arguments)
    {
    }
}

/// <summary>A scheduler that shows the stalled helper threads waiting for a CPU all the time, and says nothing of others.</summary>
public sealed class StarvingScheduler(StallingKernel kernel) : ISchedulerProbe
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public SchedSample? Sample(int threadId) => kernel.Stalled.ContainsKey(threadId)
        ? new SchedSample(RunNanoseconds: 0, WaitNanoseconds: _clock.Elapsed.Ticks * 100)
        : null;
}

/// <summary>A scheduler that says nothing (no schedstat, or a frozen process elsewhere): only leases catch a stalled copy.</summary>
public sealed class SilentScheduler : ISchedulerProbe
{
    public SchedSample? Sample(int threadId) => null;
}
