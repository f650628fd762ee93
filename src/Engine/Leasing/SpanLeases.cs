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
    private readonly ConcurrentDictionary<(string Origin, long Id), SpanLease> _adopted = new();
    private long _lastId;

    public SpanLease Issue(ChunkSpan span, CancellationToken job)
    {
        var lease = new SpanLease(Interlocked.Increment(ref _lastId), span, job);
        _leases[lease.Id] = lease;
        return lease;
    }

    /// <summary>The newest lease id issued; ids only grow, so a job owns the ids issued while it ran.</summary>
    public long LastIssued => Interlocked.Read(ref _lastId);

    public bool TryGet(long id, out SpanLease lease) => _leases.TryGetValue(id, out lease!);

    /// <summary>
    /// A grant from a coordinator in another process (<paramref name="origin"/>): a lease here too, so that
    /// coordinator can stop this copy (<see cref="StopAdopted"/>) when another copy wins.
    /// </summary>
    public SpanLease Adopt(string origin, long id, ChunkSpan span, CancellationToken job)
    {
        var lease = Issue(span, job);
        _adopted[(origin, id)] = lease;
        return lease;
    }

    /// <summary>The origin's copies under these leases stop (another copy won); unknown ones have already ended.</summary>
    public void StopAdopted(string origin, IEnumerable<long> ids)
    {
        foreach (var id in ids)
            if (_adopted.TryGetValue((origin, id), out var lease))
                lease.Cancel();
    }

    /// <summary>The lease's copy reported, lost, or was taken back: it is forgotten and its token released.</summary>
    public void End(SpanLease lease)
    {
        if (_leases.TryRemove(lease.Id, out _))
            lease.Dispose();
    }

    public void EndAdopted(string origin, long id)
    {
        if (_adopted.TryRemove((origin, id), out var lease))
            End(lease);
    }
}
