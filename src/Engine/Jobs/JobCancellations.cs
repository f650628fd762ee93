namespace Engine.Jobs;

using System.Collections.Concurrent;

/// <summary>
/// One cancellation source per running job in this process. A helper blocked in a chunk cannot read its
/// mailbox, so cancellation reaches running chunks through this token, not through a message.
/// </summary>
public sealed class JobCancellations
{
    private static readonly CancellationToken Ended = new(canceled: true);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _sources = new();

    public CancellationToken Open(string jobId) => _sources.GetOrAdd(jobId, _ => new CancellationTokenSource()).Token;

    /// <summary>The job's token; an already-cancelled one for a job that has ended here, so a late chunk does not start.</summary>
    public CancellationToken Token(string jobId) => _sources.TryGetValue(jobId, out var source) ? source.Token : Ended;

    public void Cancel(string jobId)
    {
        if (_sources.TryGetValue(jobId, out var source))
            source.Cancel();
    }

    /// <summary>The process is stopping: every running chunk stops now, so no thread stays blocked in one.</summary>
    public void CancelAll()
    {
        foreach (var source in _sources.Values)
            source.Cancel();
    }

    public void Close(string jobId)
    {
        if (_sources.TryRemove(jobId, out var source))
            source.Dispose();
    }
}
