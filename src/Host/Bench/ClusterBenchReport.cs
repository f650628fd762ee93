namespace Engine.Host.Bench;

/// <summary>What `bench cluster` measured on this machine.</summary>
/// <param name="RemoteChunksPerSecond">Empty chunks completed by the one remote member per second, spans sized as usual.</param>
/// <param name="RemoteSpansPerSecond">Spans per second the coordinator handed the remote member's workers in that run.</param>
/// <param name="RemoteMessagesPerSecond">The same with one chunk per span: grants (each answered by a result) per second.</param>
/// <param name="CoordinatorChunksPerSecond">At one chunk per span, chunks per second the coordinator handed to all its workers (lane, local helpers, the remote member).</param>
/// <param name="MessagesPerChunk">Remote messages per chunk at one chunk per span: a grant and a result (which also asks for more).</param>
/// <param name="GrantBytes">Serialized size of a ChunksGranted, without the remoting envelope.</param>
/// <param name="DoneBytes">Serialized size of a ChunksDone carrying a 64-bit result.</param>
/// <param name="CoordinatorCpuMicrosPerChunk">CPU of this process's engine control threads (coordinator, throttler, member) per chunk, one chunk per message.</param>
/// <param name="ProcessCpuMicrosPerChunk">CPU of the whole coordinating process per chunk, remoting and lane included.</param>
/// <param name="ClusterRatio">Cluster seconds over single-process seconds for the same hash job (medians, the two run in turn).</param>
/// <param name="TlsRemoteChunksPerSecond"><paramref name="RemoteChunksPerSecond"/> with mutual TLS between the members.</param>
/// <param name="TlsRemoteSpansPerSecond"><paramref name="RemoteSpansPerSecond"/> with mutual TLS.</param>
/// <param name="TlsRemoteMessagesPerSecond"><paramref name="RemoteMessagesPerSecond"/> with mutual TLS.</param>
/// <param name="TlsClusterRatio">The cluster hash job over mutual TLS against the single process.</param>
public sealed record ClusterBenchReport(
    int Cpus,
    long DispatchChunks,
    long RemoteChunks,
    double RemoteChunksPerSecond,
    double RemoteSpansPerSecond,
    double RemoteMessagesPerSecond,
    double CoordinatorChunksPerSecond,
    double MessagesPerChunk,
    int GrantBytes,
    int DoneBytes,
    double CoordinatorCpuMicrosPerChunk,
    double ProcessCpuMicrosPerChunk,
    int Members,
    long HashBytes,
    double SingleProcessSeconds,
    double ClusterSeconds,
    double ClusterRatio,
    bool SameDigest,
    double TlsRemoteChunksPerSecond = 0,
    double TlsRemoteSpansPerSecond = 0,
    double TlsRemoteMessagesPerSecond = 0,
    double TlsClusterSeconds = 0,
    double TlsClusterRatio = 0,
    bool TlsSameDigest = false)
{
    /// <summary>Every timed run, round by round: one process, the plain cluster, the TLS cluster (the figures above are their medians).</summary>
    public IReadOnlyList<TimedHashRun> SingleProcessRuns { get; init; } = [];

    public IReadOnlyList<TimedHashRun> ClusterRuns { get; init; } = [];

    public IReadOnlyList<TimedHashRun> TlsClusterRuns { get; init; } = [];
}
