namespace Engine.Actors.Coordination;

using Akka.Actor;
using Akka.Event;
using Engine.Actors.Persistence;
using Engine.Actors.Throttling;
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
/// A finished job's answer is kept for <c>engine.journal.keep-finished</c>, for whoever asks by id later. With the
/// journal on, it keeps the index of open journalled jobs and, on <see cref="ResumeJobs"/>, starts again every
/// job a previous process left unfinished. In a cluster journalling to PostgreSQL, journalled jobs are entities of
/// cluster sharding instead: it admits them through the shard region, routes workers' messages to those that run on
/// this member, and asks the region after those that run elsewhere.
/// </summary>
public sealed class JobCoordinator : ReceiveActor, IWithUnboundedStash
{
    /// <summary>Start again the journalled jobs that never answered (kernels must be registered first).</summary>
    internal sealed record ResumeJobs
    {
        public static readonly ResumeJobs Instance = new();
    }

    /// <summary>The shard region of this member's job entities (a sharded coordinator waits for it before anything else).</summary>
    internal sealed record UseJobRegion(IActorRef Region);

    private readonly EngineRuntime _runtime;
    private readonly IActorRef _throttler;
    private EngineLimits _limits;
    private readonly Dictionary<string, IActorRef> _jobs = new();
    // Job entities of cluster sharding among _jobs: sharding stops them, not the coordinator.
    private readonly HashSet<IActorRef> _entities = new();
    private readonly bool _sharded;
    private IActorRef? _region;
    private readonly Dictionary<string, (string Kernel, object Answer, DateTime Until)> _finished = new();
    private IActorRef _index = ActorRefs.Nobody;
    private bool _resuming;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly KernelTimings _timings = new();
    // Failed jobs with undo, remembered after their answer; a few hundred cover every job a member lost for a while.
    private readonly LateResults<JobTicket> _late = new(256);
    private int _remoteHelpers;
    private long _jobActors;
    private string? _shuttingDown;

    /// <param name="sharded">Journalled jobs are entities of cluster sharding (<see cref="UseJobRegion"/> follows).</param>
    public JobCoordinator(EngineRuntime runtime, EngineLimits limits, IActorRef throttler, bool sharded = false)
    {
        _runtime = runtime;
        _limits = limits;
        _throttler = throttler;
        _sharded = sharded;
        if (sharded)
            AwaitingRegion();
        else
            Routing();
    }

    private void AwaitingRegion()
    {
        Receive<UseJobRegion>(use =>
        {
            _region = use.Region;
            Become(Routing);
            Stash.UnstashAll();
        });
        ReceiveAny(_ => Stash.Stash());
    }

    private void Routing()
    {
        Receive<LimitsChanged>(c => _limits = c.Limits);
        Receive<SubmitJob>(Submit);
        Receive<CancelJob>(c =>
        {
            if (!Route(c.JobId, c))
                _region?.Forward(c);
        });
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
        Receive<WatchJob>(w =>
        {
            if (!Route(w.JobId, w) && !ToItsEntity(w.JobId, w))
                AnswerFinished(w.JobId, watching: true);
        });
        Receive<GetJobStatus>(g =>
        {
            if (!Route(g.JobId, g) && !ToItsEntity(g.JobId, g))
                AnswerFinished(g.JobId, watching: false);
        });
        Receive<JobEnded>(Ended);
        Receive<JobHosted>(hosted =>
        {
            _jobs[hosted.JobId] = Sender;
            _entities.Add(Sender);
            Context.Watch(Sender);
        });
        Receive<ResumeJobs>(_ =>
        {
            if (_index.IsNobody())
                return;
            _resuming = true;
            _index.Tell(JobIndex.GetOpenJobs.Instance);
        });
        Receive<JobIndex.OpenJobs>(open =>
        {
            Resume(open.Jobs);
            _resuming = false;
            Stash.UnstashAll();
        });
        Receive<Terminated>(t => Lost(t.ActorRef));
        Receive<StopJobs>(StopAll);
    }

    /// <summary>
    /// The process is shutting down (CoordinatedShutdown's service-requests-done): every job nothing would resume stops,
    /// undoes its completed chunks and answers; the sender hears once all have, or within <paramref name="Timeout"/>.
    /// </summary>
    /// <param name="Why">How the answers say the stop came (e.g. "its member was downed by the cluster").</param>
    internal sealed record StopJobs(string Why, TimeSpan Timeout);

    /// <param name="limits">The limits at start; changes arrive as <see cref="LimitsChanged"/>.</param>
    public static Props Props(EngineRuntime runtime, EngineLimits limits, IActorRef throttler, bool sharded = false) =>
        Akka.Actor.Props.Create(() => new JobCoordinator(runtime, limits, throttler, sharded));

    public IStash Stash { get; set; } = null!;

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(LimitsChanged));
        // Sharded jobs need no index: sharding remembers them, and starts them again wherever their shard goes.
        if (_runtime.Settings.Journal.Enabled && !_sharded)
            _index = Context.Watch(Context.ActorOf(JobIndex.Props(), "job-index"));
    }

    private void StopAll(StopJobs stop)
    {
        _shuttingDown = stop.Why;
        var replyTo = Sender;
        Task.WhenAll(_jobs.Values.Select(job => job.Ask<ReadyForShutdown>(new StopForShutdown(stop.Why), stop.Timeout)))
            .ContinueWith(_ => (object)Akka.Done.Instance, TaskContinuationOptions.ExecuteSynchronously)
            .PipeTo(replyTo);
    }

    private void Submit(SubmitJob submit)
    {
        var jobId = submit.JobId ?? Guid.NewGuid().ToString("N")[..12];
        if (_shuttingDown is { } why)
        {
            // Started now, it would be stopped without a chance to drain and undo: refused with the reason instead.
            Sender.Tell(new JobFailed(jobId, JobFailureKind.CoordinatorLost, null,
                $"the coordinator on {Self.Path.Address} is stopping ({why}); the job was not started", null, null));
            return;
        }
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
            kernel = JobSpecValidator.Validate(spec, _runtime.Kernels, _limits.Topology);
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

        var acrossMembers = spec.Placement is AnyNodePlacement && _remoteHelpers > 0;
        var plan = ChunkPlanner.Plan(spec, _limits.ThreadLimit + (acrossMembers ? _remoteHelpers : 0),
            acrossMembers ? _runtime.Settings.ClusterLoadBalanceFactor : _runtime.Settings.LoadBalanceFactor);
        var localNode = submit.SubmitterNode ?? _limits.Topology.NodeOfCpu(NativeThread.CurrentCpu());
        double? remembered = _timings.TryGet(spec.Kernel, spec.Arguments, out var itemTicks) ? itemTicks : null;
        var parts = NodePartitioner.Partition(plan, spec.Placement, localNode);
        if (_region is { } region && JobActor.Journals(_runtime, kernel))
        {
            // Its entity accepts it (or refuses an id in use there), wherever its shard lives.
            _finished.Remove(jobId);
            region.Tell(new StartJob(jobId, spec, plan, parts.ToArray(), localNode, submit.ReportProgress, submit.Detached, remembered), Sender);
            return;
        }
        // A detached journalled job acknowledges itself once its ledger and the index hold it: its submitter may leave then.
        var journals = JobActor.Journals(_runtime, kernel);
        var acknowledgedByJob = journals && submit.Detached;
        if (!acknowledgedByJob)
            Sender.Tell(new JobAccepted(jobId, plan.ChunkCount, plan.ChunkSize, plan.Threads));
        var start = new JobStart(jobId, spec, kernel, plan, parts, submit.ReportProgress, localNode, remembered, submit.Detached,
            acknowledgedByJob, AwaitsIndex: journals && !_index.IsNobody());
        var persistenceId = JobActor.NewPersistenceId(jobId);
        _finished.Remove(jobId);
        var job = Open(jobId, JobActor.Props(start, persistenceId, Sender, _runtime, _limits, _throttler));
        if (journals)
            _index.Tell(new JobOpened(jobId, persistenceId), job);
    }

    private void Resume(IReadOnlyList<JobOpened> open)
    {
        foreach (var job in open.Where(j => !_jobs.ContainsKey(j.JobId)))
        {
            _log.Info("Job {0}: resuming from the journal", job.JobId);
            Open(job.JobId, JobActor.Resume(job.JobId, job.PersistenceId, _runtime, _limits, _throttler));
        }
    }

    /// <summary>A job no longer running: its kept answer (and, to a watcher, the answer itself), or that it is unknown here.</summary>
    private void AnswerFinished(string jobId, bool watching)
    {
        if (_resuming)
        {
            // The job may be one the journal is about to give back: asked again once the resumed jobs are open.
            Stash.Stash();
            return;
        }
        ForgetExpired();
        if (!_finished.TryGetValue(jobId, out var finished))
        {
            Sender.Tell(new JobUnknown(jobId));
            return;
        }
        Sender.Tell(JobActor.FinishedStatus(jobId, finished.Kernel, finished.Answer));
        // Kept after the job ended, to a `wait` in another process: one too large for the wire is told why.
        if (watching)
            Sender.Tell(new RemoteAnswer(Context.System, finished.Answer, finished.Kernel, Self).For(Sender));
    }

    private void ForgetExpired()
    {
        var now = DateTime.UtcNow;
        foreach (var (jobId, _) in _finished.Where(f => f.Value.Until <= now).ToArray())
            _finished.Remove(jobId);
    }

    private IActorRef Open(string jobId, Props props)
    {
        // Named by a counter, never by the job id: a submitter's id may hold anything, and an actor name may not.
        var job = Context.ActorOf(props, $"job-{++_jobActors}");
        Context.Watch(job);
        _jobs[jobId] = job;
        return job;
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

    /// <summary>
    /// A sharded job not running here: asked of its entity, wherever that lives (a job that finished here lately
    /// is answered here). False without sharding.
    /// </summary>
    private bool ToItsEntity(string jobId, object message)
    {
        if (_region is null)
            return false;
        ForgetExpired();
        if (_finished.ContainsKey(jobId))
            return false;
        _region.Forward(message);
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
        _index.Tell(new JobClosed(ended.JobId));
        _timings.Remember(ended.Kernel, ended.Arguments, ended.RunTicks, ended.ItemsDone);
        ForgetExpired();
        if (ended.Answer is { } answer && _runtime.Settings.Journal.KeepFinished > TimeSpan.Zero)
            _finished[ended.JobId] = (ended.Kernel, answer, DateTime.UtcNow + _runtime.Settings.Journal.KeepFinished);
        if (ended.Undone is { } undo)
            _late.Remember(ended.JobId, undo.FirstLease, undo.LastLease, undo.Ticket, undo.Undone);
        // An entity keeps its answer a while, then passivates through its shard.
        if (!_entities.Remove(job))
            job.Tell(PoisonPill.Instance);
    }

    /// <summary>A job actor that stopped without answering (its ledger unreadable, its journal failing) is forgotten.</summary>
    private void Lost(IActorRef actor)
    {
        if (actor.Equals(_index))
        {
            // Its journal unreadable (logged by the index): nothing is resumed, and nobody waits for it.
            _index = ActorRefs.Nobody;
            _resuming = false;
            Stash.UnstashAll();
            return;
        }
        _entities.Remove(actor);
        foreach (var (jobId, _) in _jobs.Where(j => j.Value.Equals(actor)).ToArray())
        {
            _jobs.Remove(jobId);
            _index.Tell(new JobClosed(jobId));
        }
    }
}
