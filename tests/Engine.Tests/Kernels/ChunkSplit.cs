namespace Engine.Tests.Kernels;

using System.Collections.Concurrent;
using Engine.Jobs;
using Engine.Kernels;

/// <summary>
/// A job's range cut into chunks the way the engine may cut it, and run the way the engine may run it:
/// chunks in any order on several threads, results combined in chunk order with any bracketing.
/// </summary>
internal sealed record ChunkSplit(IReadOnlyList<ChunkRange> Chunks)
{
    public static ChunkSplit Whole(long start, long size) => new([new ChunkRange(0, start, start + size)]);

    /// <summary>Cuts [start, start + size) at up to <paramref name="maxCuts"/> random multiples of <paramref name="align"/>.</summary>
    public static ChunkSplit Random(long start, long size, long align, Random random, int maxCuts = 24)
    {
        var end = start + size;
        var firstCut = FloorDiv(start, align) + 1;
        var possibleCuts = size == 0 ? 0 : FloorDiv(end - 1, align) - firstCut + 1;
        var cutCount = random.Next((int)Math.Min(possibleCuts, maxCuts) + 1);
        var cuts = new SortedSet<long>();
        while (cuts.Count < cutCount)
            cuts.Add((firstCut + random.NextInt64(possibleCuts)) * align);

        var bounds = cuts.Prepend(start).Append(end).ToArray();
        return new ChunkSplit(bounds.Zip(bounds.Skip(1), (from, to) => (from, to))
            .Select((range, index) => new ChunkRange(index, range.from, range.to)).ToArray());
    }

    private static long FloorDiv(long value, long divisor) => value / divisor - (value % divisor < 0 ? 1 : 0);

    /// <summary>The node the chunk pretends to run on: the submitter's lane (-1), node 0 or node 1.</summary>
    public static int NodeOf(ChunkRange chunk) => (int)(chunk.Index % 3) - 1;

    /// <summary>
    /// Runs every chunk, in shuffled order on the thread pool, then combines adjacent results (and
    /// Empty results slipped in at random places) in random order until one is left.
    /// </summary>
    public object? Run(IChunkKernel kernel, object? arguments, Random random)
    {
        var results = new ConcurrentDictionary<long, object?>();
        var shuffled = Chunks.ToArray();
        random.Shuffle(shuffled);
        Parallel.ForEach(shuffled, chunk => results[chunk.Index] =
            kernel.Run(new ChunkContext("test", chunk, arguments, NodeOf(chunk), CancellationToken.None)));

        var pending = new List<object?>();
        foreach (var chunk in Chunks)
        {
            if (random.Next(4) == 0)
                pending.Add(kernel.Empty(arguments));
            pending.Add(results[chunk.Index]);
        }
        if (random.Next(2) == 0)
            pending.Add(kernel.Empty(arguments));

        while (pending.Count > 1)
        {
            var left = random.Next(pending.Count - 1);
            pending[left] = kernel.Combine(pending[left], pending[left + 1]);
            pending.RemoveAt(left + 1);
        }
        return pending[0];
    }

    public override string ToString() => string.Join(" ", Chunks.Select(c => $"[{c.Start},{c.End})"));
}
