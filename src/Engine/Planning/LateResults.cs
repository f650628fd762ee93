namespace Engine.Planning;

/// <summary>
/// Failed jobs with undo that have answered, remembered so a result that still comes in (from a member that
/// was treated as lost, then came back) is undone when it arrives, once. A report belongs to an ended job by
/// its job id and its lease: lease ids only grow, so each job owns the range it issued.
/// </summary>
/// <typeparam name="TJob">What it takes to run the undo (the job's ticket).</typeparam>
public sealed class LateResults<TJob>(int capacity)
{
    private sealed record Ended(string JobId, long FirstLease, long LastLease, TJob Job, UndoneChunks Undone);

    // By job id, so the report of a running job (every report passes here first) costs one lookup.
    private readonly Dictionary<string, List<Ended>> _byJob = [];
    private readonly Queue<Ended> _oldestFirst = new();

    /// <summary>The job answered after undoing <paramref name="undone"/>; its leases were [firstLease, lastLease].</summary>
    public void Remember(string jobId, long firstLease, long lastLease, TJob job, IEnumerable<(long First, long End)> undone)
    {
        var ended = new Ended(jobId, firstLease, lastLease, job, new UndoneChunks(undone));
        _oldestFirst.Enqueue(ended);
        if (!_byJob.TryGetValue(jobId, out var runs))
            _byJob[jobId] = runs = [];
        runs.Add(ended);
        if (_oldestFirst.Count <= capacity)
            return;
        var forgotten = _oldestFirst.Dequeue();
        var same = _byJob[forgotten.JobId];
        same.Remove(forgotten);
        if (same.Count == 0)
            _byJob.Remove(forgotten.JobId);
    }

    /// <summary>
    /// True if the report belongs to a remembered job; then <paramref name="toUndo"/> holds the chunks of
    /// [first, first + count) that are not undone yet (now marked undone), possibly none.
    /// </summary>
    public bool TryClaim(string jobId, long lease, long first, long count, out TJob job, out IReadOnlyList<(long First, long End)> toUndo)
    {
        if (lease != 0 && _byJob.TryGetValue(jobId, out var runs)
            && runs.Find(r => lease >= r.FirstLease && lease <= r.LastLease) is { } ended)
        {
            job = ended.Job;
            toUndo = ended.Undone.TakeNew(first, count);
            return true;
        }
        job = default!;
        toUndo = [];
        return false;
    }
}
