namespace Actors.Tests.Support;

using System.Collections.Concurrent;
using Engine.Jobs;
using Engine.Kernels;

/// <summary>Chunks run fine; combining two results throws, in a worker (spans of several chunks) or in the coordinator.</summary>
public sealed class ThrowingCombineKernel : ChunkKernel<object?, long>
{
    public override long Empty(object? arguments) => 0;

    public override long Run(ChunkRange chunk, object? arguments, ChunkContext context) => chunk.Length;

    public override long Combine(long left, long right) => throw new InvalidOperationException("combine is broken");
}

/// <summary>Counts runs and undos per chunk; chunks wait at a gate (or their copy's cancellation), ignoring it once open.</summary>
public sealed class CountingUndoKernel : ChunkKernel<object?, long>
{
    public ManualResetEventSlim Gate { get; } = new(false);
    public ConcurrentDictionary<long, int> Completed { get; } = new();
    public ConcurrentDictionary<long, int> Undone { get; } = new();
    public int Waiting => Volatile.Read(ref _waiting);
    private int _waiting;

    public override bool HasUndo => true;

    public override long Empty(object? arguments) => 0;

    public override long Run(ChunkRange chunk, object? arguments, ChunkContext context)
    {
        Interlocked.Increment(ref _waiting);
        // Does not stop for cancellation: a chunk already running completes, as one doing I/O would.
        Gate.Wait();
        Interlocked.Decrement(ref _waiting);
        Completed.AddOrUpdate(chunk.Index, 1, (_, n) => n + 1);
        return chunk.Length;
    }

    public override long Combine(long left, long right) => left + right;

    public override void Undo(ChunkRange chunk, object? arguments) => Undone.AddOrUpdate(chunk.Index, 1, (_, n) => n + 1);
}

/// <summary>
/// Counts runs and undos per chunk: chunks below <c>completeBelow</c> complete at once, the others wait for their
/// job's cancellation and stop without completing.
/// </summary>
public sealed class PartlyDoneUndoKernel(long completeBelow) : ChunkKernel<object?, long>
{
    public ConcurrentDictionary<long, int> Completed { get; } = new();
    public ConcurrentDictionary<long, int> Undone { get; } = new();
    public int Waiting => Volatile.Read(ref _waiting);
    private int _waiting;

    public override bool HasUndo => true;

    public override long Empty(object? arguments) => 0;

    public override long Run(ChunkRange chunk, object? arguments, ChunkContext context)
    {
        if (chunk.Index >= completeBelow)
        {
            Interlocked.Increment(ref _waiting);
            context.Cancellation.WaitHandle.WaitOne();
            context.Cancellation.ThrowIfCancellationRequested();
        }
        Completed.AddOrUpdate(chunk.Index, 1, (_, n) => n + 1);
        return chunk.Length;
    }

    public override long Combine(long left, long right) => left + right;

    public override void Undo(ChunkRange chunk, object? arguments) => Undone.AddOrUpdate(chunk.Index, 1, (_, n) => n + 1);
}
