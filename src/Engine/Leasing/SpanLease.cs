namespace Engine.Leasing;

using Engine.Planning;

/// <summary>
/// One granted copy of a span, shared by the coordinator and a worker of the same process. The worker claims
/// it when it starts (<see cref="TryStart"/>); until then the coordinator may take it back
/// (<see cref="TryRevoke"/>), and exactly one of the two wins. Its token stops this copy alone, when another
/// copy of the span has won, or the whole job.
/// </summary>
public sealed class SpanLease : IDisposable
{
    private const int Granted = 0;
    private const int Running = 1;
    private const int Revoked = 2;

    private readonly CancellationTokenSource _copy;
    private readonly CancellationToken _token;
    private int _state;
    private int _threadId;

    public SpanLease(long id, ChunkSpan span, CancellationToken job)
    {
        Id = id;
        Span = span;
        _copy = CancellationTokenSource.CreateLinkedTokenSource(job);
        _token = _copy.Token;
    }

    public long Id { get; }

    public ChunkSpan Span { get; }

    /// <summary>Items this copy has done and not yet reported (written by its worker in this process).</summary>
    public Jobs.SpanProgress Progress { get; } = new();

    /// <summary>Cancelled when this copy lost to another or the job ended.</summary>
    public CancellationToken Token => _token;

    public bool IsRunning => Volatile.Read(ref _state) == Running;

    /// <summary>The kernel thread (gettid) running the copy; 0 before it starts.</summary>
    public int ThreadId => Volatile.Read(ref _threadId);

    /// <summary>The worker starts the copy; false if the coordinator took it back first.</summary>
    public bool TryStart(int threadId)
    {
        Volatile.Write(ref _threadId, threadId);
        return Interlocked.CompareExchange(ref _state, Running, Granted) == Granted;
    }

    /// <summary>The coordinator takes back a copy its worker has not started; false if it already runs.</summary>
    public bool TryRevoke() => Interlocked.CompareExchange(ref _state, Revoked, Granted) == Granted;

    /// <summary>Stops this copy: another copy of the span won.</summary>
    public void Cancel()
    {
        try
        {
            _copy.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The lease ended meanwhile: nothing runs under it any more.
        }
    }

    public void Dispose() => _copy.Dispose();
}
