namespace Engine.Planning;

/// <summary>
/// Hands out a job's chunks lazily from one cursor per node part, so a job of 10^12 items costs the same
/// memory as a job of ten. Spans given back (their helper died) are handed out again first.
/// A helper takes from its own node's part; when that runs dry it moves to the part with most left
/// (ktask: "a helper whose node runs dry moves to another node that still has work").
/// </summary>
public sealed class ChunkDispenser
{
    private readonly NodePart[] _parts;
    private readonly long[] _cursors;
    private readonly List<ChunkSpan> _returned = [];

    public ChunkDispenser(IReadOnlyList<NodePart> parts)
    {
        _parts = [.. parts];
        _cursors = _parts.Select(p => p.FirstIndex).ToArray();
    }

    public long Remaining => _returned.Sum(s => (long)s.Count) + _parts.Select((p, i) => p.EndIndex - _cursors[i]).Sum();

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
        var count = (int)Math.Min(Math.Max(1, maxCount), _parts[part].EndIndex - _cursors[part]);
        span = new ChunkSpan(_cursors[part], count);
        _cursors[part] += count;
        return true;
    }

    /// <summary>Puts back a span whose helper was lost before reporting it.</summary>
    public void Return(ChunkSpan span) => _returned.Add(span);

    /// <summary>Takes back a returned span whose late result arrived after all: it must not run twice.</summary>
    public bool Withdraw(ChunkSpan span) => _returned.Remove(span);

    private int PartFor(int node)
    {
        int best = -1;
        long bestLeft = 0;
        for (var i = 0; i < _parts.Length; i++)
        {
            var left = _parts[i].EndIndex - _cursors[i];
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
