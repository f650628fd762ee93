namespace Actors.Tests.Persistence;

using System.Collections.Concurrent;
using Engine.Jobs;
using Engine.Kernels;

/// <summary>A <see cref="CountingKernel"/> with undo that throws at chunk <c>failAt</c>; counts each chunk's undos.</summary>
internal sealed class UndoingKernel(long gateFrom, long failAt) : ChunkKernel<object?, long>
{
    public ManualResetEventSlim Gate { get; } = new(false);

    public ConcurrentDictionary<long, bool> Runs { get; } = new();

    public ConcurrentDictionary<long, int> Undone { get; } = new();

    public IEnumerable<long> Ran => Runs.Keys;

    public IEnumerable<long> Completed => Runs.Where(r => r.Value).Select(r => r.Key);

    public override bool HasUndo => true;

    public override long Empty(object? arguments) => 0;

    public override long Run(ChunkRange chunk, object? arguments, ChunkContext context)
    {
        Runs.TryAdd(chunk.Index, false);
        if (chunk.Index >= gateFrom)
            Gate.Wait(context.Cancellation);
        if (chunk.Index == failAt)
            throw new InvalidOperationException($"chunk {chunk.Index} fails");
        Runs[chunk.Index] = true;
        return chunk.Length;
    }

    public override void Undo(ChunkRange chunk, object? arguments) => Undone.AddOrUpdate(chunk.Index, 1, (_, n) => n + 1);

    public override long Combine(long left, long right) => left + right;
}
