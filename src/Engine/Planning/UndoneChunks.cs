namespace Engine.Planning;

/// <summary>
/// The chunks a failed job has undone (or sent to be undone), as merged ranges. A chunk that is reported
/// again, by a copy that comes in after the drain or after the answer, is undone only if it is not among
/// them: undo runs exactly once per completed chunk, however its reports arrive.
/// </summary>
public sealed class UndoneChunks
{
    private readonly List<(long First, long End)> _ranges = [];

    public UndoneChunks()
    {
    }

    public UndoneChunks(IEnumerable<(long First, long End)> undone)
    {
        foreach (var (first, end) in undone)
            TakeNew(first, end - first);
    }

    /// <summary>Every range undone so far, in chunk order.</summary>
    public IReadOnlyList<(long First, long End)> Ranges => _ranges;

    /// <summary>Marks chunks [first, first + count) as undone; returns the parts of them that were not yet.</summary>
    public IReadOnlyList<(long First, long End)> TakeNew(long first, long count)
    {
        var end = first + count;
        var fresh = new List<(long First, long End)>();
        var cursor = first;
        foreach (var (undoneFirst, undoneEnd) in _ranges)
        {
            if (cursor >= end || undoneFirst >= end)
                break;
            if (undoneEnd <= cursor)
                continue;
            if (undoneFirst > cursor)
                fresh.Add((cursor, undoneFirst));
            cursor = Math.Max(cursor, undoneEnd);
        }
        if (cursor < end)
            fresh.Add((cursor, end));
        foreach (var range in fresh)
            Insert(range);
        return fresh;
    }

    private void Insert((long First, long End) range)
    {
        var at = _ranges.FindIndex(r => r.First > range.First);
        _ranges.Insert(at < 0 ? _ranges.Count : at, range);
        var merged = new List<(long First, long End)>(_ranges.Count);
        foreach (var next in _ranges)
            if (merged.Count > 0 && merged[^1].End >= next.First)
                merged[^1] = (merged[^1].First, Math.Max(merged[^1].End, next.End));
            else
                merged.Add(next);
        _ranges.Clear();
        _ranges.AddRange(merged);
    }
}
