namespace Engine.Actors.Metrics;

using System.Diagnostics;

/// <summary>
/// When each span in flight was handed out, for the dispatch latency. Kept only while someone listens to that
/// histogram; entries of spans that never report (requeued, duplicated) go when their job closes.
/// </summary>
internal sealed class GrantClock
{
    private readonly Dictionary<(string JobId, long First), long> _granted = new();

    public void Granted(string jobId, long first)
    {
        lock (_granted)
            _granted[(jobId, first)] = Stopwatch.GetTimestamp();
    }

    /// <returns>The time since the span was handed out, or null if it was not recorded.</returns>
    public TimeSpan? Take(string jobId, long first)
    {
        lock (_granted)
            return _granted.Remove((jobId, first), out var at) ? Stopwatch.GetElapsedTime(at) : null;
    }

    public void Forget(string jobId)
    {
        lock (_granted)
            foreach (var key in _granted.Keys.Where(k => k.JobId == jobId).ToArray())
                _granted.Remove(key);
    }
}
