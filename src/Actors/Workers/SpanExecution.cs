namespace Engine.Actors.Workers;

using Akka.Actor;
using Engine.Actors.Coordination;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Threading;

/// <summary>Claims a granted span's lease, runs the span and tells the coordinator how it went; shared by helpers and lanes.</summary>
internal static class SpanExecution
{
    [ThreadStatic]
    private static int _threadId;

    /// <summary>
    /// The lease of a grant from this process's coordinator, claimed for the calling thread; false if the
    /// coordinator took it back or it ended (another copy won): the span is not this worker's to run. A grant
    /// from another member gets a lease here, so that coordinator can stop the copy if another wins.
    /// </summary>
    public static bool TryClaim(JobTicket ticket, ChunksGranted granted, EngineRuntime runtime, out CancellationToken token)
    {
        if (granted.Lease == 0)
        {
            token = runtime.Cancellations.Token(ticket.Key());
            return true;
        }
        if (!ticket.Coordinator.Path.Address.HasLocalScope)
        {
            token = runtime.Leases.Adopt(Origin(ticket), granted.Lease, granted.Span, runtime.Cancellations.Token(ticket.Key())).Token;
            return true;
        }
        if (runtime.Leases.TryGet(granted.Lease, out var lease) && lease.TryStart(ThreadId()))
        {
            token = lease.Token;
            return true;
        }
        token = default;
        return false;
    }

    /// <returns>The outcome, so a helper can escalate a kernel failure to its supervisor.</returns>
    /// <param name="frame">The frame a report to a remote coordinator must fit, or null where there is no remoting.</param>
    public static SpanOutcome RunAndReport(JobTicket ticket, IChunkKernel kernel, ChunksGranted granted, int node,
        CancellationToken cancellation, bool wantsMore, IActorRef self, EngineRuntime runtime, RemoteFrameBudget? frame = null)
    {
        var clock = runtime.Settings.Clock;
        var span = granted.Span;
        var started = clock.GetTimestamp();
        // A copy of a local grant shows its progress to the coordinator through its lease.
        var progress = granted.Lease != 0 && ticket.Coordinator.Path.Address.HasLocalScope
            && runtime.Leases.TryGet(granted.Lease, out var lease) ? lease.Progress : null;
        var outcome = SpanRunner.Run(kernel, ticket.Plan, span, ticket.JobId, ticket.Arguments, node, cancellation, progress);
        if (outcome.Error is null)
        {
            var done = new ChunksDone(ticket.JobId, span, outcome.Result, clock.GetElapsedTime(started).Ticks, node, wantsMore, granted.Lease);
            if (frame is not null && !ticket.Coordinator.Path.Address.HasLocalScope &&
                frame.Oversize(done, ticket.Coordinator, self) is { } size)
                outcome = FailOversized(ticket, kernel, granted, node, size, frame.FrameBytes, self);
            else
                ticket.Coordinator.Tell(done, self);
        }
        else
            ticket.Coordinator.Tell(new ChunkFailed(ticket.JobId, span, outcome.CompletedChunks, outcome.Result, node,
                outcome.FailedChunk, Describe(outcome.Error), granted.Lease,
                WantsMore: wantsMore && outcome.FailedChunk is null && !JobEnded(ticket, runtime)), self);
        if (granted.Lease != 0 && !ticket.Coordinator.Path.Address.HasLocalScope)
            runtime.Leases.EndAdopted(Origin(ticket), granted.Lease);
        return outcome;
    }

    /// <summary>
    /// A span whose result cannot reach its coordinator fails the job, blamed on its first chunk, with the size
    /// in the reason; its chunks ran here for nothing, so a kernel with an undo undoes them here.
    /// </summary>
    private static SpanOutcome FailOversized(JobTicket ticket, IChunkKernel kernel, ChunksGranted granted, int node,
        long size, long frameBytes, IActorRef self)
    {
        var span = granted.Span;
        var first = ticket.Plan.ChunkAt(span.First);
        var error = new InvalidOperationException(
            $"the result of kernel '{ticket.Kernel}' for {span} is {size:N0} bytes on the wire, " +
            $"over {RemoteFrameBudget.FrameSizePath} ({frameBytes:N0} bytes): it cannot reach the coordinator");
        ticket.Coordinator.Tell(new ChunkFailed(ticket.JobId, span, 0, null, node, first, Describe(error), granted.Lease), self);
        if (kernel.HasUndo)
            for (var index = span.End - 1; index >= span.First; index--)
                kernel.Undo(new ChunkContext(ticket.JobId, ticket.Plan.ChunkAt(index), ticket.Arguments, node, CancellationToken.None));
        return new SpanOutcome(0, null, error, first);
    }

    /// <summary>Whose leases a remote grant's are: the coordinator's member, as <see cref="StopCopies"/> senders show it.</summary>
    public static string Origin(JobTicket ticket) => ticket.Coordinator.Path.Address.ToString();

    /// <summary>The job itself was stopped (not just this copy): the worker is done with it.</summary>
    public static bool JobEnded(JobTicket ticket, EngineRuntime runtime) =>
        runtime.Cancellations.Token(ticket.Key()).IsCancellationRequested;

    private static int ThreadId() => _threadId != 0 ? _threadId : _threadId = NativeThread.CurrentThreadId();

    private static string Describe(Exception error) => $"{error.GetType().Name}: {error.Message}";
}
