namespace Engine.Actors.Workers;

using Akka.Actor;
using Engine.Actors.Coordination;
using Engine.Actors.Throttling;
using Engine.Kernels;
using Engine.Policies;

/// <summary>
/// A helper: one of a node pool's workers, running on that node's pinned, niced threads. Lent to a job by
/// the throttler, it pulls spans from the job's coordinator (keeping a few requests outstanding so the next
/// span is already in its mailbox; more with a remote coordinator while spans end before the next grant arrives:
/// <see cref="RemoteRequestDepth"/>), runs them, and detaches when the job has nothing more for it.
/// </summary>
public sealed class ChunkWorker : ReceiveActor
{
    private readonly int _node;
    private readonly IActorRef _throttler;
    private readonly EngineRuntime _runtime;
    private readonly RemoteFrameBudget? _frame = RemoteFrameBudget.For(Context.System);
    private JobTicket? _job;
    private IChunkKernel? _kernel;
    private RemoteRequestDepth? _remoteDepth;
    private int _outstanding;
    private bool _jobRanDry;
    private bool _leaving;

    public ChunkWorker(int node, IActorRef throttler, EngineRuntime runtime)
    {
        _node = node;
        _throttler = throttler;
        _runtime = runtime;
        Receive<AttachToJob>(Attach);
        Receive<ChunksGranted>(Run);
        Receive<NoMoreChunks>(OnNoMore);
        Receive<LeaveJob>(OnLeave);
    }

    public static Props Props(int node, IActorRef throttler, EngineRuntime runtime) =>
        Akka.Actor.Props.Create(() => new ChunkWorker(node, throttler, runtime));

    protected override void PreStart() => _throttler.Tell(new WorkerReady(_node));

    private void Attach(AttachToJob attach)
    {
        var ticket = attach.Ticket;
        if (!_runtime.Kernels.TryGet(ticket.Kernel, out var kernel))
        {
            _throttler.Tell(new WorkerDetached(ticket.Key(), _node));
            return;
        }
        (_job, _kernel, _jobRanDry, _leaving) = (ticket, kernel, false, false);
        _remoteDepth = ticket.Coordinator.Path.Address.HasLocalScope
            ? null
            : new RemoteRequestDepth(_runtime.Settings.RemotePrefetch, _runtime.Settings.RemotePrefetchMax);
        _outstanding = _remoteDepth?.Current ?? _runtime.Settings.Prefetch;
        ticket.Coordinator.Tell(new RequestChunks(ticket.JobId, _node, _outstanding));
    }

    private void Run(ChunksGranted granted)
    {
        if (_job is null || _kernel is null || _job.JobId != granted.JobId)
        {
            Sender.Tell(new ChunksReturned(granted.JobId, granted.Span, granted.Lease));
            return;
        }
        _outstanding--;
        if (_leaving)
        {
            Sender.Tell(new ChunksReturned(granted.JobId, granted.Span, granted.Lease));
            DetachIfDone();
            return;
        }
        if (!SpanExecution.TryClaim(_job, granted, _runtime, out var token))
        {
            // Taken back while it waited here (another worker runs it): ask for something else instead.
            AskForOneMore();
            return;
        }
        var outcome = SpanExecution.RunAndReport(_job, _kernel, granted, _node, token, wantsMore: !_jobRanDry, Self, _runtime, _frame);
        if (outcome is { Error: not null, FailedChunk: { } failed })
            throw new ChunkKernelException(_job.JobId, failed, outcome.Error);
        if (outcome.Error is not null && SpanExecution.JobEnded(_job, _runtime))
            _jobRanDry = true;
        else if (!_jobRanDry)
        {
            _outstanding++;
            DeepenIfIdle();
        }
        DetachIfDone();
    }

    /// <summary>With a remote coordinator: no grant waiting as this span ends means the requests in flight do not cover the round trip.</summary>
    private void DeepenIfIdle()
    {
        if (_remoteDepth is null || _job is null)
            return;
        var idle = ((ActorCell)Context).Mailbox is { MessageQueue.HasMessages: false };
        var more = _remoteDepth.AfterSpan(grantWaiting: !idle);
        if (more == 0)
            return;
        _outstanding += more;
        _job.Coordinator.Tell(new RequestChunks(_job.JobId, _node, more));
    }

    private void AskForOneMore()
    {
        if (_job is not null && !_jobRanDry)
        {
            _outstanding++;
            _job.Coordinator.Tell(new RequestChunks(_job.JobId, _node, 1));
        }
        DetachIfDone();
    }

    private void OnNoMore(NoMoreChunks noMore)
    {
        if (_job?.JobId != noMore.JobId)
            return;
        // Grants sent before this answer are already processed (one sender keeps its order); any later
        // grant for this job is given back, so nothing is left to wait for.
        _outstanding = 0;
        _jobRanDry = true;
        DetachIfDone();
    }

    private void OnLeave(LeaveJob leave)
    {
        if (_job is null || _job.Key() != leave.JobKey)
            return;
        // Requests still out are answered with grants (given back as they come) or NoMoreChunks; then it detaches.
        _leaving = true;
        _jobRanDry = true;
        DetachIfDone();
    }

    private void DetachIfDone()
    {
        if (_job is null || !_jobRanDry || _outstanding > 0)
            return;
        _throttler.Tell(new WorkerDetached(_job.Key(), _node));
        (_job, _kernel) = (null, null);
    }
}
