namespace Engine.Actors.Metrics;

using System.Collections.Concurrent;
using Engine.Actors.Coordination;
using Engine.Jobs;
using Engine.Planning;

/// <summary>
/// The jobs a coordinator runs and the last ones that ended, as immutable views. Written by the coordinator's
/// calls into <see cref="EngineMetrics"/>, read from any thread (HTTP requests).
/// </summary>
public sealed class JobBoard
{
    /// <summary>Ended jobs kept for the dashboard, newest first; older ones are dropped.</summary>
    public const int EndedKept = 20;

    private readonly ConcurrentDictionary<string, JobView> _open = new();
    private readonly LinkedList<JobView> _ended = new();

    public int OpenCount => _open.Count;

    /// <summary>Running jobs (oldest first), then those that ended (newest first).</summary>
    public IReadOnlyList<JobView> Snapshot()
    {
        var open = _open.Values.OrderBy(j => j.Started).ThenBy(j => j.JobId, StringComparer.Ordinal);
        lock (_ended)
            return open.Concat(_ended).ToArray();
    }

    internal void Open(string jobId, string kernel, ChunkPlan plan) =>
        _open[jobId] = new JobView(jobId, kernel, JobView.Running, plan.ChunkCount, plan.Size, 0, 0, 0, 0, TimeSpan.Zero,
            0, 0, 0, null, DateTimeOffset.UtcNow);

    internal void Progressed(JobProgress progress) => Update(progress.JobId, j => j with
    {
        ChunksDone = progress.ChunksDone,
        ItemsDone = progress.ItemsDone,
        Helpers = progress.Helpers,
        PeakHelpers = Math.Max(j.PeakHelpers, progress.Helpers),
        Elapsed = progress.Elapsed,
    });

    internal void Requeued(string jobId, int spans) => Update(jobId, j => j with { Requeued = j.Requeued + spans });

    internal void Duplicate(string jobId) => Update(jobId, j => j with { DuplicatesDropped = j.DuplicatesDropped + 1 });

    internal void Failed(string jobId) => Update(jobId, j => j with { FailedSpans = j.FailedSpans + 1 });

    internal void Close(string jobId, string outcome, string? reason, JobStatistics statistics)
    {
        if (!_open.TryRemove(jobId, out var job))
            return;
        var ended = job with
        {
            State = outcome,
            Reason = reason,
            ChunksDone = statistics.ChunksPerNode.Values.Sum(),
            ItemsDone = outcome == JobView.Completed ? statistics.Items : job.ItemsDone,
            Helpers = 0,
            PeakHelpers = statistics.PeakHelpers,
            Elapsed = statistics.Elapsed,
            Requeued = statistics.Requeued,
            DuplicatesDropped = statistics.DuplicatesDropped,
        };
        lock (_ended)
        {
            _ended.AddFirst(ended);
            while (_ended.Count > EndedKept)
                _ended.RemoveLast();
        }
    }

    /// <summary>Only the coordinator writes a job's view, so a read-modify-write needs no retry.</summary>
    private void Update(string jobId, Func<JobView, JobView> change)
    {
        if (_open.TryGetValue(jobId, out var job))
            _open[jobId] = change(job);
    }
}
