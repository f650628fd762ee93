namespace Engine.Actors.Workers;

using Akka.Actor;
using Akka.Event;
using Engine.Actors.Coordination;
using Engine.Kernels;
using Engine.Planning;

/// <summary>
/// The submitter's own lane for one job: runs chunks at the submitter's priority on ordinary threads, counted
/// by no cap, so every job makes progress even when every helper slot is taken (ktask: one thread per task
/// is always allowed), and a job of one chunk runs with no helper at all. After a failure it runs the undo.
/// </summary>
public sealed class CallerLane : ReceiveActor
{
    private readonly JobTicket _ticket;
    private readonly EngineRuntime _runtime;
    private readonly IChunkKernel _kernel;
    private readonly bool _runsChunks;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public CallerLane(JobTicket ticket, EngineRuntime runtime, bool runsChunks = true)
    {
        _ticket = ticket;
        _runsChunks = runsChunks;
        _runtime = runtime;
        _kernel = runtime.Kernels.Get(ticket.Kernel);
        Receive<ChunksGranted>(Run);
        Receive<NoMoreChunks>(_ => { });
        Receive<UndoChunks>(Undo);
    }

    public const string DispatcherId = "engine.lane-dispatcher";

    public static Props Props(JobTicket ticket, EngineRuntime runtime) =>
        Akka.Actor.Props.Create(() => new CallerLane(ticket, runtime, true)).WithDispatcher(DispatcherId);

    /// <summary>A lane that only undoes: for chunks of a failed job whose results came in after its answer.</summary>
    public static Props UndoProps(JobTicket ticket, EngineRuntime runtime) =>
        Akka.Actor.Props.Create(() => new CallerLane(ticket, runtime, false)).WithDispatcher(DispatcherId);

    protected override void PreStart()
    {
        if (_runsChunks)
            _ticket.Coordinator.Tell(new RequestChunks(_ticket.JobId, NodePart.AnyNode, _runtime.Settings.Prefetch));
    }

    private void Run(ChunksGranted granted)
    {
        if (SpanExecution.TryClaim(_ticket, granted, _runtime, out var token))
            SpanExecution.RunAndReport(_ticket, _kernel, granted, NodePart.AnyNode, token, wantsMore: true, Self, _runtime);
        else
            _ticket.Coordinator.Tell(new RequestChunks(_ticket.JobId, NodePart.AnyNode, 1));
    }

    private void Undo(UndoChunks undo) =>
        Sender.Tell(new UndoFinished(undo.JobId, UndoNow(_ticket, _kernel, undo.Ranges, _log)));

    /// <summary>Undoes each chunk of <paramref name="ranges"/> once, in order, on the calling thread; returns how many.</summary>
    internal static long UndoNow(JobTicket ticket, IChunkKernel kernel, IReadOnlyList<(long First, long End)> ranges, ILoggingAdapter log)
    {
        long undone = 0;
        foreach (var (first, end) in ranges)
            for (var index = first; index < end; index++, undone++)
            {
                var context = new ChunkContext(ticket.JobId, ticket.Plan.ChunkAt(index), ticket.Arguments,
                    NodePart.AnyNode, CancellationToken.None);
                try
                {
                    kernel.Undo(context);
                }
                catch (Exception e)
                {
                    log.Error(e, "Job {0}: undo of {1} threw; undo must not fail, continuing", ticket.JobId, context.Chunk);
                }
            }
        return undone;
    }
}
