namespace Engine.Actors.Coordination;

using Akka.Actor;
using Akka.Event;
using Engine.Actors.Workers;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Planning;
using Engine.Policies;
using Engine.Threading;

/// <summary>
/// Admission and routing: validates and plans each submitted job (a bad field is answered at once, naming the
/// field; a job id in use is refused), gives every accepted job its own <see cref="JobActor"/>, and routes the
/// workers' and the cluster's messages to the job they name. A message for a job that has ended is answered as
/// the job would (nothing more to run). Job ids never become actor names: they may hold anything.
/// </summary>
public sealed class JobCoordinator : ReceiveActor
{
    private readonly EngineRuntime _runtime;
    private readonly IActorRef _throttler;
    private readonly Dictionary<string, IActorRef> _jobs = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly KernelTimings _timings = new();
    // Failed jobs with undo, remembered after their answer; a few hundred cover every job a member lost for a while.
    private readonly LateResults<JobTicket> _late = new(256);
    private int _remoteHelpers;
    private long _jobActors;

    public JobCoordinator(EngineRuntime runtime, IActorRef throttler)
    {
        _runtime = runtime;
        _throttler = throttler;
        Receive<SubmitJob>(Submit);
        Receive<CancelJob>(c => Route(c.JobId, c));
        Receive<RequestChunks>(r =>
        {
            if (!Route(r.JobId, r))
                Sender.Tell(new NoMoreChunks(r.JobId));
        });
        Receive<ChunksDone>(d =>
        {
            if (!UndoLate(d.JobId, d.Lease, d.Span.First, d.Span.Count) && Route(d.JobId, d))
                return;
            if (d.WantsMore)
                Sender.Tell(new NoMoreChunks(d.JobId));
        });
        Receive<ChunkFailed>(f =>
        {
            if (!UndoLate(f.JobId, f.Lease, f.Span.First, f.CompletedChunks) && Route(f.JobId, f))
                return;
            if (f.WantsMore)
                Sender.Tell(new NoMoreChunks(f.JobId));
        });
        Receive<UndoFinished>(finished =>
        {
            _log.Warning("Job {0}: {1} chunk(s) reported after its answer undone", finished.JobId, finished.ChunksUndone);
            Context.Stop(Sender);
        });
        Receive<ChunksReturned>(r => Route(r.JobId, r));
        Receive<MemberLost>(lost =>
        {
            foreach (var job in _jobs.Values)
                job.Forward(lost);
        });
        Receive<ClusterCapacity>(c => _remoteHelpers = c.RemoteHelpers);
        Receive<JobEnded>(Ended);
        Receive<Terminated>(t => Lost(t.ActorRef));
    }

    public static Props Props(EngineRuntime runtime, IActorRef throttler) =>
        Akka.Actor.Props.Create(() => new JobCoordinator(runtime, throttler));

    private void Submit(SubmitJob submit)
    {
        var jobId = submit.JobId ?? Guid.NewGuid().ToString("N")[..12];
        if (_jobs.ContainsKey(jobId))
        {
            Sender.Tell(new SubmissionRefused(jobId, "jobId", $"jobId: job '{jobId}' is already running; this submission was not accepted"));
            return;
        }
        var spec = submit.Spec is { MinChunk: JobSpec.EngineMinChunk } unset
            ? unset with { MinChunk = _runtime.Settings.DefaultMinChunk }
            : submit.Spec;
        IChunkKernel kernel;
        try
        {
            kernel = JobSpecValidator.Validate(spec, _runtime.Kernels, _runtime.Topology);
        }
        catch (JobSpecException e)
        {
            _log.Info("Job {0} rejected: {1}", jobId, e.Message);
            Sender.Tell(new JobFailed(jobId, JobFailureKind.InvalidSpec, e.Field, e.Message, null, null));
            return;
        }
        catch (Exception e)
        {
            Sender.Tell(new JobFailed(jobId, JobFailureKind.InvalidSpec, "arguments", $"arguments: {e.Message}", null, null));
            return;
        }

        var acrossMembers = spec.Placement is AnyNodePlacement;
        var plan = ChunkPlanner.Plan(spec, _runtime.ThreadLimit + (acrossMembers ? _remoteHelpers : 0),
            _runtime.Settings.LoadBalanceFactor);
        Sender.Tell(new JobAccepted(jobId, plan.ChunkCount, plan.ChunkSize, plan.Threads));
        var localNode = submit.SubmitterNode ?? _runtime.Topology.NodeOfCpu(NativeThread.CurrentCpu());
        double? remembered = _timings.TryGet(spec.Kernel, spec.Arguments, out var itemTicks) ? itemTicks : null;
        var start = new JobStart(jobId, spec, kernel, plan, NodePartitioner.Partition(plan, spec.Placement, localNode),
            submit.ReportProgress, localNode, remembered);
        Open(jobId, JobActor.Props(start, Sender, _runtime, _throttler));
    }

    private void Open(string jobId, Props props)
    {
        // Named by a counter, never by the job id: a submitter's id may hold anything, and an actor name may not.
        var job = Context.ActorOf(props, $"job-{++_jobActors}");
        Context.Watch(job);
        _jobs[jobId] = job;
    }

    /// <summary>
    /// A result of a failed job that has answered already (its copy was given up: a member treated as lost
    /// came back): its chunks are undone now, on a lane of their own, each once. False if it is no such job's.
    /// </summary>
    private bool UndoLate(string jobId, long lease, long first, long count)
    {
        if (!_late.TryClaim(jobId, lease, first, count, out var ticket, out var ranges))
            return false;
        if (ranges.Count > 0)
            Context.ActorOf(CallerLane.UndoProps(ticket, _runtime)).Tell(new UndoChunks(jobId, ranges));
        return true;
    }

    /// <returns>False when no running job has this id (it ended, or never was).</returns>
    private bool Route(string jobId, object message)
    {
        if (!_jobs.TryGetValue(jobId, out var job))
            return false;
        job.Forward(message);
        return true;
    }

    /// <summary>
    /// The job answered: its id is free again, and its actor stops once it has handled what was routed to it
    /// before (a PoisonPill queues behind those messages, so late workers still get their NoMoreChunks).
    /// </summary>
    private void Ended(JobEnded ended)
    {
        if (!_jobs.TryGetValue(ended.JobId, out var job) || !job.Equals(Sender))
            return;
        _jobs.Remove(ended.JobId);
        _timings.Remember(ended.Kernel, ended.Arguments, ended.RunTicks, ended.ItemsDone);
        if (ended.Undone is { } undo)
            _late.Remember(ended.JobId, undo.FirstLease, undo.LastLease, undo.Ticket, undo.Undone);
        job.Tell(PoisonPill.Instance);
    }

    /// <summary>A job actor that stopped without answering is forgotten.</summary>
    private void Lost(IActorRef actor)
    {
        foreach (var (jobId, _) in _jobs.Where(j => j.Value.Equals(actor)).ToArray())
            _jobs.Remove(jobId);
    }
}
