namespace Engine.Planning;

using Engine.Jobs;

/// <summary>
/// How a job's range is cut: chunk ends sit on absolute multiples of <see cref="ChunkSize"/>, as in
/// padata_do_multithreaded, so only the first and the last chunk may be short and any chunk can be
/// computed from its index alone: no chunk list is ever materialized.
/// </summary>
public sealed record ChunkPlan(long Start, long End, long ChunkSize, int Threads)
{
    /// <summary>The first chunk boundary after <see cref="Start"/> (may lie beyond <see cref="End"/>).</summary>
    private Int128 FirstBoundary => ((Int128)Start / ChunkSize + 1) * ChunkSize;

    public long Size => End - Start;

    public long ChunkCount => Size == 0 ? 0
        : FirstBoundary >= End ? 1
        : 1 + (long)(((Int128)End - FirstBoundary + ChunkSize - 1) / ChunkSize);

    public ChunkRange ChunkAt(long index)
    {
        if (index < 0 || index >= ChunkCount)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"the plan has {ChunkCount} chunks");
        var boundary = FirstBoundary;
        if (index == 0)
            return new ChunkRange(0, Start, (long)Int128.Min(boundary, End));
        var start = boundary + (Int128)(index - 1) * ChunkSize;
        return new ChunkRange(index, (long)start, (long)Int128.Min(start + ChunkSize, End));
    }

    /// <summary>The index of the chunk holding item <paramref name="position"/>.</summary>
    public long IndexOf(long position)
    {
        if (position < Start || position >= End)
            throw new ArgumentOutOfRangeException(nameof(position), position, $"outside [{Start}, {End})");
        var boundary = FirstBoundary;
        return position < boundary ? 0 : 1 + (long)((position - boundary) / ChunkSize);
    }

    /// <summary>The items covered by chunks [first, first + count).</summary>
    public long ItemsIn(long first, long count) =>
        count == 0 ? 0 : ChunkAt(first + count - 1).End - ChunkAt(first).Start;
}
