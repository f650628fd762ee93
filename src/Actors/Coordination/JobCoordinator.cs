namespace Engine.Actors.Coordination;

using Akka.Actor;
using Akka.Event;
using Engine.Actors.Cluster;
using Engine.Actors.Throttling;
using Engine.Actors.Workers;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Planning;
using Engine.Policies;
using Engine.Threading;

/// <summary>
/// Accepts jobs, validates them, cuts them into chunks and hands spans of chunks only to workers that ask
/// (work pulling), folds the results in chunk order and answers the submitter exactly once. Every job gets
/// its own caller's lane; helpers come from the throttler. A lost worker's spans are handed out again and a
/// late duplicate result is dropped, so every chunk counts exactly once.
/// </summary>
public sealed class JobCoordinator : ReceiveActor, IWithTimers
{
    private sealed record ProgressTick
    {
        public static readonly ProgressTick Instance = new();
    }

    private sealed record JobTimedOut(string JobId);

    private sealed record LeaseTick
    {
        public static readonly LeaseTick Instance = new();
    }

    private readonly EngineRuntime _runtime;
    private readonly IActorRef _throttler;
    private readonly Dictionary<string, JobRun> _jobs = new();
    private readonly HashSet<IActorRef> _watched = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly KernelTimings _timings = new();
    private int _remoteHelpers;
    private long _lanes;

    public JobCoordinator(EngineRuntime runtime, IActorRef throttler)
    {
        _runtime = runtime;
        _throttler = throttler;
        Receive<SubmitJob>(Submit);
        Receive<CancelJob>(Cancel);
        Receive<JobTimedOut>(t => Stop(t.JobId, JobFailureKind.TimedOut,
            $"timed out after {_jobs.GetValueOrDefault(t.JobId)?.Spec.Timeout}"));
        Receive<RequestChunks>(OnRequest);
        Receive<ChunksDone>(OnDone);
        Receive<ChunkFailed>(OnFailed);
        Receive<ChunksReturned>(OnReturned);
        Receive<UndoFinished>(u => Finish(u.JobId));
        Receive<ProgressTick>(_ => ReportProgress());
        Receive<LeaseTick>(_ => ReviewLeases());
        Receive<Terminated>(t => OnTerminated(t.ActorRef));
        Receive<MemberLost>(OnMemberLost);
        Receive<ClusterCapacity>(c => _remoteHelpers = c.RemoteHelpers);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(EngineRuntime runtime, IActorRef throttler) =>
        Akka.Actor.Props.Create(() => new JobCoordinator(runtime, throttler));

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(nameof(ProgressTick), ProgressTick.Instance, _runtime.Settings.ProgressInterval);

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
        Sender.Tell(new JobAccepted(jobId, plan.ChunkCount, plan.ChunkSize, plan.Works));
        var localNode = submit.SubmitterNode ?? _runtime.Topology.NodeOfCpu(NativeThread.CurrentCpu());
        var run = new JobRun(jobId, spec, kernel, plan, NodePartitioner.Partition(plan, spec.Placement, localNode),
            Sender, submit.ReportProgress, _runtime, Self, ((ExtendedActorSystem)Context.System).Provider.DefaultAddress);
        _jobs[jobId] = run;
        _runtime.Metrics.JobOpened(jobId, spec.Kernel, plan);
        if (plan.ChunkCount == 0)
        {
            Finish(jobId);
            return;
        }
        if (!Timers.IsTimerActive(nameof(LeaseTick)))
            Timers.StartPeriodicTimer(nameof(LeaseTick), LeaseTick.Instance, _runtime.Settings.Leases.CheckInterval);
        var ticket = new JobTicket(jobId, Self, spec.Kernel, spec.Arguments, plan);
        // Named by a counter, never by the job id: a submitter's id may hold anything, and an actor name may not.
        run.Lane = Context.ActorOf(CallerLane.Props(ticket, _runtime), $"lane-{++_lanes}");
        WatchOnce(Sender);
        var threads = Math.Min(plan.Works, (int)Math.Min(plan.ChunkCount, int.MaxValue));
        run.HelperRequest = new OpenJob(ticket, threads - 1, PreferredNodes(spec.Placement, localNode), acrossMembers);
        if (threads > 1)
            OpenForHelpers(run);
        if (spec.Timeout is { } timeout)
            Timers.StartSingleTimer($"timeout-{jobId}", new JobTimedOut(jobId), timeout);
    }

    /// <summary>
    /// Asks the throttler for the job's helpers. An automatic job is sized first: from its kernel's remembered
    /// item time, or, the first time, only once the lane has timed a span (until then the lane runs alone).
    /// </summary>
    private void OpenForHelpers(JobRun run)
    {
        var request = run.HelperRequest!;
        if (run.Spec.WantsAutoHelpers)
        {
            double itemTicks;
            string rule;
            if (run.AwaitingTiming && run.RunTicks > 0 && run.ItemsDone > 0)
                (itemTicks, rule) = ((double)run.RunTicks / run.ItemsDone, HelperCountPolicy.Measured);
            else if (_timings.TryGet(run.Spec.Kernel, run.Spec.Arguments, out var remembered))
                (itemTicks, rule) = (remembered, HelperCountPolicy.Remembered);
            else
            {
                run.AwaitingTiming = true;
                return;
            }
            run.AwaitingTiming = false;
            var decision = HelperCountPolicy.Decide(itemTicks, run.Plan.ChunkSize, run.Plan.Size - run.ItemsDone,
                request.HelpersWanted + 1, _runtime.Settings.SpanTarget, _runtime.Settings.AutoHelpers, rule);
            run.Decisions.Add(decision.Decision);
            request = request with { HelpersWanted = decision.Threads - 1 };
        }
        // The caller's limit (or the measured one) holds across members; left to the caps, each member's caps bound its own.
        run.HelperBudget = run.Spec.MaxHelpers == JobSpec.CapsDecide ? int.MaxValue : request.HelpersWanted;
        if (request.HelpersWanted > 0)
            _throttler.Tell(request);
    }

    private IReadOnlyList<int> PreferredNodes(Placement placement, int localNode) => placement switch
    {
        LocalNodePlacement => [localNode],
        NodesPlacement nodes => nodes.Shares.Select(s => s.Node).ToArray(),
        _ => _runtime.Topology.Nodes.Select(n => n.Id).ToArray(),
    };

    private void OnRequest(RequestChunks request)
    {
        if (!_jobs.TryGetValue(request.JobId, out var run))
        {
            Sender.Tell(new NoMoreChunks(request.JobId));
            return;
        }
        if (!run.Attach(Sender, request.Node))
        {
            Sender.Tell(new NoMoreChunks(run.JobId));
            return;
        }
        WatchOnce(Sender);
        for (var i = 0; i < request.Count; i++)
            Dispatch(run, Sender, request.Node);
    }

    /// <returns>Whether the worker got a span; a lane that got none is parked until there is one.</returns>
    private bool Dispatch(JobRun run, IActorRef worker, int node)
    {
        if (run.TryTake(worker, node, out var lease))
        {
            _runtime.Metrics.SpanGranted(run.Spec.Kernel, run.JobId, lease.Span, node, worker);
            worker.Tell(new ChunksGranted(run.JobId, lease.Span, lease.Id));
            return true;
        }
        if (!run.IsHelper(worker) && run.Stopping is null)
            run.ParkedLaneRequests++;
        else
        {
            run.Detach(worker);
            worker.Tell(new NoMoreChunks(run.JobId));
        }
        return false;
    }

    private void OnDone(ChunksDone done)
    {
        if (!_jobs.TryGetValue(done.JobId, out var run))
        {
            if (done.WantsMore)
                Sender.Tell(new NoMoreChunks(done.JobId));
            return;
        }
        var counted = false;
        var combined = Guarded(run, "combining chunk results", () => counted = run.Complete(done, Sender));
        StopRemoteLosers(run);
        if (counted)
            _runtime.Metrics.SpanCompleted(run.Spec.Kernel, run.JobId, done.Span, run.Plan.ItemsIn(done.Span.First, done.Span.Count), done.ElapsedTicks, done.Node, Sender);
        else if (combined)
            _runtime.Metrics.DuplicateDropped(run.Spec.Kernel, run.JobId, Sender);
        if (!combined)
        {
            FinishWhenDrained(run);
            return;
        }
        if (run.AwaitingTiming && !run.IsComplete)
            OpenForHelpers(run);
        if (run.Stopping is not null)
        {
            // Stopped (failed, cancelled, timed out): every completed chunk is undone before the answer.
            FinishWhenDrained(run);
            if (done.WantsMore)
                Dispatch(run, Sender, done.Node);
            return;
        }
        if (run.IsComplete)
        {
            Finish(run.JobId);
            if (done.WantsMore)
                Sender.Tell(new NoMoreChunks(done.JobId));
            return;
        }
        if (done.WantsMore)
            Dispatch(run, Sender, done.Node);
        FinishWhenDrained(run);
    }

    private void OnFailed(ChunkFailed failed)
    {
        if (!_jobs.TryGetValue(failed.JobId, out var run))
            return;
        var stoppedBefore = run.Stopping is not null;
        Guarded(run, "combining chunk results", () => run.Fail(failed, Sender));
        StopRemoteLosers(run);
        _runtime.Metrics.SpanFailed(run.Spec.Kernel, run.JobId, failed.Span, failed.CompletedChunks, run.Plan.ItemsIn(failed.Span.First, failed.CompletedChunks), failed.Node, Sender);
        if (!stoppedBefore && run.Stopping is { Kind: JobFailureKind.ChunkFailed })
        {
            _log.Warning("Job {0}: {1}", run.JobId, run.Stopping.Reason);
            _runtime.Cancellations.Cancel(run.Key);
        }
        if (failed.WantsMore)
            Dispatch(run, Sender, failed.Node);
        if (run.Stopping is not null)
            FinishWhenDrained(run);
        else
            WakeParkedLane(run);
    }

    private void OnReturned(ChunksReturned returned)
    {
        if (!_jobs.TryGetValue(returned.JobId, out var run))
            return;
        var worker = Sender;
        var requeued = run.Requeue(c => returned.Lease != 0 ? c.Lease.Id == returned.Lease : c.Holder.Equals(worker) && c.Lease.Span == returned.Span);
        _runtime.Metrics.SpansRequeued(run.Spec.Kernel, run.JobId, requeued.Count);
        if (run.Stopping is not null)
            FinishWhenDrained(run);
        else
            WakeParkedLane(run);
    }

    private void OnTerminated(IActorRef actor)
    {
        _watched.Remove(actor);
        foreach (var run in _jobs.Values.ToArray())
        {
            if (actor.Equals(run.Submitter))
            {
                Stop(run.JobId, JobFailureKind.Cancelled, "the submitter stopped");
                continue;
            }
            run.Detach(actor);
            var lost = run.Requeue(c => c.Holder.Equals(actor));
            if (lost.Count == 0)
                continue;
            _log.Warning("Job {0}: worker {1} was lost holding {2}; handing them out again", run.JobId, actor.Path,
                string.Join(", ", lost));
            _runtime.Metrics.SpansRequeued(run.Spec.Kernel, run.JobId, lost.Count);
            if (run.Stopping is not null)
                FinishWhenDrained(run);
            else
                WakeParkedLane(run);
        }
    }

    /// <summary>
    /// Spans held on a lost member go back at once, without waiting for the member to be removed: if it comes
    /// back, its late results are duplicates and are dropped (the first result of a span wins).
    /// </summary>
    private void OnMemberLost(MemberLost lost)
    {
        foreach (var run in _jobs.Values.ToArray())
        {
            if (run.Submitter.Path.Address.Equals(lost.Member))
            {
                Stop(run.JobId, JobFailureKind.Cancelled, $"the submitter's member {lost.Member} is {lost.How}");
                continue;
            }
            run.DetachAllAt(lost.Member);
            var spans = run.Requeue(c => c.Holder.Path.Address.Equals(lost.Member));
            if (spans.Count == 0)
                continue;
            _log.Warning("Job {0}: member {1} is {2} holding {3}; handing them out again", run.JobId, lost.Member, lost.How,
                string.Join(", ", spans));
            _runtime.Metrics.SpansRequeued(run.Spec.Kernel, run.JobId, spans.Count);
            if (run.Stopping is not null)
                FinishWhenDrained(run);
            else
                WakeParkedLane(run);
        }
    }

    /// <summary>The coordinator's own member is going away: every submitter still reachable learns why.</summary>
    protected override void PostStop()
    {
        foreach (var run in _jobs.Values)
        {
            _runtime.Cancellations.Cancel(run.Key);
            run.Submitter.Tell(new JobFailed(run.JobId, JobFailureKind.CoordinatorLost, null,
                $"the coordinator on {Self.Path.Address} stopped (its member is shutting down or leaving)", null,
                run.Statistics(_runtime.Decisions)));
        }
    }

    private void WakeParkedLane(JobRun run)
    {
        while (run.ParkedLaneRequests > 0)
        {
            run.ParkedLaneRequests--;
            if (!Dispatch(run, run.Lane, NodePart.AnyNode))
                return;
        }
    }

    /// <summary>
    /// Late copies (their lease ran out) and, near a job's end, starved ones (their thread waits for a CPU) are
    /// offered to workers that wait, the lane first; a stopping job stops waiting for late copies.
    /// </summary>
    private void ReviewLeases()
    {
        if (_jobs.Count == 0)
        {
            Timers.Cancel(nameof(LeaseTick));
            return;
        }
        foreach (var run in _jobs.Values.ToArray())
        {
            run.ReviewLeases();
            if (run.Stopping is null)
                WakeParkedLane(run);
            else if (run.DropLateCopies().Count > 0)
            {
                _log.Warning("Job {0}: stopped; no longer waiting for spans whose lease ran out", run.JobId);
                FinishWhenDrained(run);
            }
        }
    }

    /// <summary>Copies on other members that lost the race stop there at once instead of running to the end.</summary>
    private void StopRemoteLosers(JobRun run)
    {
        if (run.RemoteLosers.Count == 0)
            return;
        foreach (var member in run.RemoteLosers.GroupBy(c => c.Holder.Path.Address))
            Context.ActorSelection(EngineActorNames.PathAt(member.Key, EngineActorNames.Member))
                .Tell(new StopCopies(run.JobId, member.Select(c => c.Lease.Id).ToArray()));
        run.RemoteLosers.Clear();
    }

    /// <summary>Kernel code run here (Combine, Empty) fails only its own job, never the coordinator.</summary>
    private bool Guarded(JobRun run, string what, Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception e)
        {
            _log.Error(e, "Job {0}: the kernel threw while {1}", run.JobId, what);
            run.StopWith(JobFailureKind.ChunkFailed, $"kernel '{run.Spec.Kernel}' threw while {what}: {e.GetType().Name}: {e.Message}");
            _runtime.Cancellations.Cancel(run.Key);
            return false;
        }
    }

    /// <summary>Obeyed from the job's submitter or an actor of this process only: nobody else's bytes end a job.</summary>
    private void Cancel(CancelJob cancel)
    {
        if (!_jobs.TryGetValue(cancel.JobId, out var run))
            return;
        var trusted = Sender.Equals(run.Submitter)
            || (Sender.Path.Address.HasLocalScope && !Sender.Equals(Context.System.DeadLetters));
        if (!trusted)
        {
            _log.Warning("Job {0}: CancelJob from {1} refused: only its submitter or this process may cancel it", cancel.JobId, Sender.Path);
            return;
        }
        Stop(cancel.JobId, JobFailureKind.Cancelled, "cancelled by the submitter");
    }

    private void Stop(string jobId, JobFailureKind kind, string reason)
    {
        if (!_jobs.TryGetValue(jobId, out var run) || run.Stopping is not null)
            return;
        run.StopWith(kind, reason);
        _runtime.Cancellations.Cancel(run.Key);
        FinishWhenDrained(run);
    }

    /// <summary>
    /// A stopping job answers only when no span is in flight any more, after undoing every completed chunk
    /// (ktask: undo runs once all helpers have stopped), so a failed job leaves nothing half-done.
    /// </summary>
    private void FinishWhenDrained(JobRun run)
    {
        if (run.Stopping is null)
            return;
        if (!run.HelpersClosed)
        {
            // At once, not at the drain: other members cancel their copies now, and no helper joins a stopping job.
            run.HelpersClosed = true;
            _throttler.Tell(new CloseJob(run.Key));
        }
        if (run.HasSpansInFlight || run.Drained)
            return;
        run.Drained = true;
        var ranges = run.CompletedRanges.ToArray();
        if (run.Kernel.HasUndo && ranges.Length > 0)
            run.Lane.Tell(new UndoChunks(run.JobId, ranges));
        else
            Finish(run.JobId);
    }

    private void Finish(string jobId)
    {
        if (!_jobs.Remove(jobId, out var run))
            return;
        run.EndAllLeases();
        Timers.Cancel($"timeout-{jobId}");
        _throttler.Tell(new CloseJob(run.Key));
        _runtime.Cancellations.Close(run.Key);
        if (!run.Lane.IsNobody())
            Context.Stop(run.Lane);
        var statistics = run.Statistics(_runtime.Decisions);
        _runtime.Metrics.JobClosed(jobId, run.Spec.Kernel, run.Stopping, statistics);
        object? result = null;
        if (run.Stopping is null)
            Guarded(run, "giving the job's result", () => result = run.Result);
        if (run.Stopping is { } failure)
            run.Submitter.Tell(failure with { Statistics = statistics });
        else
        {
            _timings.Remember(run.Spec.Kernel, run.Spec.Arguments, run.RunTicks, run.ItemsDone);
            run.Submitter.Tell(new JobCompleted(jobId, result, statistics));
        }
    }

    private void ReportProgress()
    {
        foreach (var run in _jobs.Values)
        {
            _runtime.Metrics.Progressed(run.Progress());
            if (run.ReportProgress)
                run.Submitter.Tell(run.Progress());
        }
    }

    private void WatchOnce(IActorRef actor)
    {
        if (!actor.IsNobody() && !actor.Equals(Self) && !actor.Equals(Context.System.DeadLetters) && _watched.Add(actor))
            Context.Watch(actor);
    }
}
