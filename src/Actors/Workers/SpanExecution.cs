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
    /// <param name="clock">Times the span: span sizes, leases and automatic helper counts are made from these times.</param>
    public static SpanOutcome RunAndReport(JobTicket ticket, IChunkKernel kernel, ChunksGranted granted, int node,
        CancellationToken cancellation, bool wantsMore, IActorRef self, EngineRuntime runtime)
    {
        var clock = runtime.Settings.Clock;
        var span = granted.Span;
        var started = clock.GetTimestamp();
        // A copy of a local grant shows its progress to the coordinator through its lease.
        var progress = granted.Lease != 0 && ticket.Coordinator.Path.Address.HasLocalScope
            && runtime.Leases.TryGet(granted.Lease, out var lease) ? lease.Progress : null;
        var outcome = SpanRunner.Run(kernel, ticket.Plan, span, ticket.JobId, ticket.Arguments, node, cancellation, progress);
        if (outcome.Error is null)
            ticket.Coordinator.Tell(new ChunksDone(ticket.JobId, span, outcome.Result,
                clock.GetElapsedTime(started).Ticks, node, wantsMore, granted.Lease), self);
        else
            ticket.Coordinator.Tell(new ChunkFailed(ticket.JobId, span, outcome.CompletedChunks, outcome.Result, node,
                outcome.FailedChunk, Describe(outcome.Error), granted.Lease,
                WantsMore: wantsMore && outcome.FailedChunk is null && !JobEnded(ticket, runtime)), self);
        if (granted.Lease != 0 && !ticket.Coordinator.Path.Address.HasLocalScope)
            runtime.Leases.EndAdopted(Origin(ticket), granted.Lease);
        return outcome;
    }

    /// <summary>Whose leases a remote grant's are: the coordinator's member, as <see cref="StopCopies"/> senders show it.</summary>
    public static string Origin(JobTicket ticket) => ticket.Coordinator.Path.Address.ToString();

    /// <summary>The job itself was stopped (not just this copy): the worker is done with it.</summary>
    public static bool JobEnded(JobTicket ticket, EngineRuntime runtime) =>
        runtime.Cancellations.Token(ticket.Key()).IsCancellationRequested;

    private static int ThreadId() => _threadId != 0 ? _threadId : _threadId = NativeThread.CurrentThreadId();

    private static string Describe(Exception error) => $"{error.GetType().Name}: {error.Message}";
}
