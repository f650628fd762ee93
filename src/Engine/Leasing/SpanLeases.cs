namespace Engine.Leasing;

using System.Collections.Concurrent;
using Engine.Planning;

/// <summary>
/// The leases of this process's coordinators, by id, where this process's workers find them. A worker that
/// finds none (the lease ended: another copy won, or the job stopped) does not run the span.
/// </summary>
public sealed class SpanLeases
{
    private readonly ConcurrentDictionary<long, SpanLease> _leases = new();
    private long _lastId;

    public int Count => _leases.Count;

    public SpanLease Issue(ChunkSpan span, CancellationToken job)
    {
        var lease = new SpanLease(Interlocked.Increment(ref _lastId), span, job);
        _leases[lease.Id] = lease;
        return lease;
    }

    public bool TryGet(long id, out SpanLease lease) => _leases.TryGetValue(id, out lease!);

    /// <summary>The lease's copy reported, lost, or was taken back: it is forgotten and its token released.</summary>
    public void End(SpanLease lease)
    {
        if (_leases.TryRemove(lease.Id, out _))
            lease.Dispose();
    }
}
