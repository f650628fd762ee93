namespace Engine.Planning;

/// <summary>
/// Hands out a job's chunks lazily from one cursor per node part, so a job of 10^12 items costs the same
/// memory as a job of ten. Spans given back (their helper died) are handed out again first.
/// A helper takes from its own node's part; when that runs dry it moves to the part with most left
/// (ktask: "a helper whose node runs dry moves to another node that still has work").
/// A job resumed from its journal starts with the chunk ranges completed before: they are never handed out.
/// </summary>
public sealed class ChunkDispenser
{
    private readonly NodePart[] _parts;
    private readonly long[] _cursors;
    private readonly List<ChunkSpan> _returned = [];
    private readonly (long First, long End)[] _completed;

    /// <param name="completed">Chunk ranges [First, End) done before (a resumed job), skipped by every cursor.</param>
    public ChunkDispenser(IReadOnlyList<NodePart> parts, IEnumerable<(long First, long End)>? completed = null)
    {
        _parts = [.. parts];
        _completed = (completed ?? []).Where(r => r.End > r.First).OrderBy(r => r.First).ToArray();
        _cursors = _parts.Select(p => SkipCompleted(p.FirstIndex)).ToArray();
    }

    public long Remaining => _returned.Sum(s => (long)s.Count) + _parts.Select((p, i) => Left(i)).Sum();

    public bool IsDry => _returned.Count == 0 && !_parts.Where((p, i) => _cursors[i] < p.EndIndex).Any();

    /// <summary>Takes up to <paramref name="maxCount"/> consecutive chunks, preferring <paramref name="node"/>'s part.</summary>
    public bool TryTake(int node, int maxCount, out ChunkSpan span)
    {
        if (_returned.Count > 0)
        {
            span = _returned[0];
            _returned.RemoveAt(0);
            return true;
        }
        var part = PartFor(node);
        if (part < 0)
        {
            span = default;
            return false;
        }
        var cursor = _cursors[part];
        var count = (int)Math.Min(Math.Max(1, maxCount), Math.Min(_parts[part].EndIndex, NextCompleted(cursor)) - cursor);
        span = new ChunkSpan(cursor, count);
        _cursors[part] = SkipCompleted(cursor + count);
        return true;
    }

    /// <summary>Puts back a span whose helper was lost before reporting it.</summary>
    public void Return(ChunkSpan span) => _returned.Add(span);

    /// <summary>Takes back a returned span whose late result arrived after all: it must not run twice.</summary>
    public bool Withdraw(ChunkSpan span) => _returned.Remove(span);

    /// <summary>Chunks not yet handed out from part <paramref name="part"/>: its rest, less the completed ranges in it.</summary>
    private long Left(int part)
    {
        var (cursor, end) = (_cursors[part], _parts[part].EndIndex);
        var left = end - cursor;
        foreach (var (first, last) in _completed)
            if (last > cursor && first < end)
                left -= Math.Min(last, end) - Math.Max(first, cursor);
        return Math.Max(0, left);
    }

    /// <summary>The first chunk at or after <paramref name="index"/> that is not completed.</summary>
    private long SkipCompleted(long index)
    {
        foreach (var (first, end) in _completed)
            if (first <= index && index < end)
                index = end;
        return index;
    }

    /// <summary>Where the next completed range after <paramref name="index"/> starts (a span stops short of it).</summary>
    private long NextCompleted(long index)
    {
        foreach (var (first, _) in _completed)
            if (first > index)
                return first;
        return long.MaxValue;
    }

    private int PartFor(int node)
    {
        int best = -1;
        long bestLeft = 0;
        for (var i = 0; i < _parts.Length; i++)
        {
            var left = Left(i);
            if (left <= 0)
                continue;
            if (_parts[i].Node == node && node != NodePart.AnyNode)
                return i;
            if (left > bestLeft)
                (best, bestLeft) = (i, left);
        }
        return best;
    }
}
