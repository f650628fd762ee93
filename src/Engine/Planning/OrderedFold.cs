namespace Engine.Planning;

/// <summary>
/// Folds chunk results in chunk order while they arrive in any order: adjacent completed spans are combined
/// at once (left before right), so the reducer only needs associativity, and memory holds one value per gap
/// between completed spans (bounded by the spans in flight), never one per chunk.
/// </summary>
public sealed class OrderedFold(long chunkCount, Func<object?, object?, object?> combine)
{
    private sealed class Segment(long first, long end, object? value)
    {
        public long First = first;
        public long End = end;
        public object? Value = value;
    }

    private readonly Dictionary<long, Segment> _byFirst = new();
    private readonly Dictionary<long, Segment> _byEnd = new();

    public long CompletedChunks { get; private set; }

    public bool IsComplete => CompletedChunks == chunkCount;

    /// <summary>The job's result once every chunk is in; null for a job of no chunks (use the kernel's Empty).</summary>
    public object? Result => IsComplete && chunkCount > 0 ? _byFirst[0].Value : null;

    /// <summary>Completed chunk ranges, merged, in chunk order (for undo).</summary>
    public IEnumerable<(long First, long End)> CompletedRanges =>
        _byFirst.Values.OrderBy(s => s.First).Select(s => (s.First, s.End)).ToArray();

    /// <summary>The folded segments, in chunk order: what a job's journal keeps of its results (one value per segment).</summary>
    public IReadOnlyList<(long First, long End, object? Value)> Segments =>
        _byFirst.Values.OrderBy(s => s.First).Select(s => (s.First, s.End, s.Value)).ToArray();

    /// <summary>Whether any chunk of [first, first + count) is in a completed segment already.</summary>
    public bool Overlaps(long first, long count) => _byFirst.Values.Any(s => s.First < first + count && first < s.End);

    /// <summary>Adds the combined result of chunks [first, first + count). The caller guarantees no overlap.</summary>
    public void Add(long first, long count, object? value)
    {
        if (count <= 0)
            return;
        var segment = new Segment(first, first + count, value);
        if (_byEnd.Remove(first, out var left))
        {
            _byFirst.Remove(left.First);
            segment.Value = combine(left.Value, segment.Value);
            segment.First = left.First;
        }
        if (_byFirst.Remove(segment.End, out var right))
        {
            _byEnd.Remove(right.End);
            segment.Value = combine(segment.Value, right.Value);
            segment.End = right.End;
        }
        _byFirst[segment.First] = segment;
        _byEnd[segment.End] = segment;
        CompletedChunks += count;
    }
}
