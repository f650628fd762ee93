namespace Engine.Actors.Workers;

using Akka.Actor;
using Engine.Actors.Coordination;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Planning;

/// <summary>Runs a granted span and tells the coordinator how it went; shared by helpers and lanes.</summary>
internal static class SpanExecution
{
    /// <returns>The outcome, so a helper can escalate a kernel failure to its supervisor.</returns>
    /// <param name="clock">Times the span: span sizes and automatic helper counts are made from these times.</param>
    public static SpanOutcome RunAndReport(JobTicket ticket, IChunkKernel kernel, ChunkSpan span, int node,
        CancellationToken cancellation, bool wantsMore, IActorRef self, TimeProvider clock)
    {
        var started = clock.GetTimestamp();
        var outcome = SpanRunner.Run(kernel, ticket.Plan, span, ticket.JobId, ticket.Arguments, node, cancellation);
        if (outcome.Error is null)
            ticket.Coordinator.Tell(new ChunksDone(ticket.JobId, span, outcome.Result,
                clock.GetElapsedTime(started).Ticks, node, wantsMore), self);
        else
            ticket.Coordinator.Tell(new ChunkFailed(ticket.JobId, span, outcome.CompletedChunks, outcome.Result, node,
                outcome.FailedChunk, Describe(outcome.Error)), self);
        return outcome;
    }

    private static string Describe(Exception error) => $"{error.GetType().Name}: {error.Message}";
}
