namespace Engine.Actors.Coordination;

using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Engine.Actors.Metrics;
using Engine.Actors.Persistence;
using Engine.Actors.Throttling;
using Engine.Actors.Workers;
using Engine.Jobs;
using Engine.Policies;

/// <summary>
/// One job from acceptance to its one answer: owns the job's <see cref="JobRun"/> (its leases and results),
/// its caller's lane, its timers (progress, lease review, timeout), the undo after a failure and the final
/// answer. Workers' messages reach it through the coordinator, which routes them by job id and is the address
/// every worker and member knows the job by. Once it has answered it only tells late workers that there is
/// nothing more, until the coordinator stops it (a sharded job: until it passivates, see JobActor.Sharded.cs).
/// A journalled job keeps its ledger here too (see JobActor.Ledger.cs): started again from it after a restart,
/// it never runs a completed span again.
/// </summary>
internal sealed partial class JobActor : ReceivePersistentActor, IWithTimers
{
    private sealed record ProgressTick
    {
        public static readonly ProgressTick Instance = new();
    }

    private sealed record TimedOut
    {
        public static readonly TimedOut Instance = new();
    }

    private sealed record LeaseTick
    {
        public static readonly LeaseTick Instance = new();
    }

    private readonly string _jobId;
    private readonly string _persistenceId;
    private readonly bool _durable;
    private readonly EngineRuntime _runtime;
    private readonly IActorRef _throttler;
    // The coordinator of this actor's member: the job's address for workers, told when the job ends.
    private readonly IActorRef _coordinator;
    private IActorRef _submitter;
    private EngineLimits _limits;
    private readonly HashSet<IActorRef> _watched = new();
    private readonly HashSet<IActorRef> _watchers = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private JobStart? _start;
    private JobRun _run = null!;
    private JobMeter _meter = null!;
    private JobTicket? _ticket;
    private bool _answered;
    private readonly List<IActorRef> _shutdownWaiters = [];

    public JobActor(string jobId, string persistenceId, JobStart? start, bool durable, IActorRef submitter,
        EngineRuntime runtime, EngineLimits limits, IActorRef throttler, IActorRef? coordinator = null)
    {
        _jobId = jobId;
        _limits = limits;
        _sharded = coordinator is not null;
        _coordinator = coordinator ?? Context.Parent;
        _persistenceId = persistenceId;
        _start = start;
        _durable = durable;
        _submitter = submitter;
        _runtime = runtime;
        _throttler = throttler;
        JournalPluginId = durable ? EngineJournal.JournalId : EngineJournal.NoJournalId;
        SnapshotPluginId = durable ? EngineJournal.SnapshotStoreId : EngineJournal.NoSnapshotStoreId;
        Recovering();
        Running();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public override string PersistenceId => _persistenceId;

    /// <summary>A new job never reads the journal: its ledger id is new (see <see cref="NewPersistenceId"/>).</summary>
    public override Recovery Recovery => _start is null ? Recovery.Default : Recovery.None;

    /// <param name="limits">The limits at admission; changes arrive as <see cref="LimitsChanged"/>.</param>
    public static Props Props(JobStart start, string persistenceId, IActorRef submitter, EngineRuntime runtime, EngineLimits limits,
        IActorRef throttler) =>
        Akka.Actor.Props.Create(() => new JobActor(start.JobId, persistenceId, start, Journals(runtime, start.Kernel), submitter, runtime,
                limits, throttler))
            .WithDispatcher(WorkEngine.ControlDispatcherId);

    /// <summary>A journalled job started again from its ledger; nobody submitted it in this process.</summary>
    public static Props Resume(string jobId, string persistenceId, EngineRuntime runtime, EngineLimits limits, IActorRef throttler) =>
        Akka.Actor.Props.Create(() => new JobActor(jobId, persistenceId, null, true, ActorRefs.Nobody, runtime, limits, throttler))
            .WithDispatcher(WorkEngine.ControlDispatcherId);

    private bool Detached => _start is not { Detached: false };

    private void Running()
    {
        Command<LimitsChanged>(c => _limits = c.Limits);
        Command<CancelJob>(Cancel);
        Command<TimedOut>(_ => Stop(JobFailureKind.TimedOut, $"timed out after {_run.Spec.Timeout}"));
        Command<RequestChunks>(OnRequest);
        Command<ChunksDone>(OnDone);
        Command<ChunkFailed>(OnFailed);
        Command<ChunksReturned>(OnReturned);
        Command<UndoFinished>(_ =>
        {
            _run.PendingUndos--;
            FinishWhenDrained();
        });
        Command<ProgressTick>(_ => ReportProgress());
        Command<LeaseTick>(_ => ReviewLeases());
        Command<Terminated>(t => OnTerminated(t.ActorRef));
        Command<MemberLost>(OnMemberLost);
        Command<WatchJob>(OnWatch);
        Command<GetJobStatus>(_ => Sender.Tell(Status()));
        Command<StopForShutdown>(OnShutdown);
        Command<SaveSnapshotSuccess>(saved => _snapshotAt = Math.Max(_snapshotAt, saved.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(f => _log.Warning("Job {0}: ledger snapshot not saved: {1}", _jobId, f.Cause.Message));
        Command<Settle>(_ => { });
        Command<HandOffJob>(_ => HandOff());
        Command<StartJob>(RefuseAdmission);
        Command<JobIndex.Indexed>(_ => OnIndexed());
    }

    /// <summary>After the answer: late workers learn there is nothing more; everything else is dropped.</summary>
    private void Ended()
    {
        Command<RequestChunks>(r => Sender.Tell(new NoMoreChunks(r.JobId)));
        Command<ChunksDone>(d =>
        {
            if (d.WantsMore)
                Sender.Tell(new NoMoreChunks(d.JobId));
        });
        // A copy stopped because another won waits for its next span: without an answer it would stay attached.
        Command<ChunkFailed>(f =>
        {
            if (f.WantsMore)
                Sender.Tell(new NoMoreChunks(f.JobId));
        });
        Command<StopForShutdown>(_ => Sender.Tell(ReadyForShutdown.Instance));
        if (_sharded && _answer is not null)
            KeptAnswer();
        CommandAny(_ => { });
    }

    private void Begin(IEnumerable<(long First, long Count, object? Result)> completed)
    {
        var start = _start!;
        var run = _run = new JobRun(start.JobId, start.Spec, start.Kernel, start.Plan, start.Parts, _submitter,
            start.ReportProgress, _runtime, _coordinator, ((ExtendedActorSystem)Context.System).Provider.DefaultAddress,
            completed, _durable ? WriteSpan : null);
        if (_runtime.Settings.Journal.Enabled && !start.Kernel.Persistable)
            run.Decisions.Add(new Policies.PolicyDecision("journal",
                $"not journalled: kernel '{start.Spec.Kernel}' cannot persist its results (the job would not resume after a restart)"));
        if (run.ResumedChunks > 0)
            _log.Info("Job {0}: resumed from the journal with {1} of {2} chunks done", run.JobId, run.ResumedChunks, run.Plan.ChunkCount);
        var spec = run.Spec;
        var plan = run.Plan;
        _meter = _runtime.Metrics.JobOpened(run.JobId, spec.Kernel, plan);
        if (run.IsComplete)
        {
            Finish();
            return;
        }
        Timers.StartPeriodicTimer(nameof(ProgressTick), ProgressTick.Instance, _runtime.Settings.ProgressInterval);
        Timers.StartPeriodicTimer(nameof(LeaseTick), LeaseTick.Instance, _runtime.Settings.Leases.CheckInterval);
        // The coordinator is the job's address for every worker and member; it routes their messages here.
        var ticket = _ticket = new JobTicket(run.JobId, _coordinator, spec.Kernel, spec.Arguments, plan);
        if (_sharded)
            _coordinator.Tell(new JobHosted(run.JobId));
        run.Lane = Context.ActorOf(CallerLane.Props(ticket, _runtime), "lane");
        // A detached job (or one resumed from the journal) does not end with whoever submitted it.
        if (!Detached)
            WatchOnce(_submitter);
        var threads = Math.Min(plan.Threads, (int)Math.Min(plan.ChunkCount - run.ResumedChunks, int.MaxValue));
        run.HelperRequest = new OpenJob(ticket, threads - 1, PreferredNodes(spec.Placement, start.LocalNode),
            spec.Placement is AnyNodePlacement);
        if (threads > 1)
            OpenForHelpers();
        if (spec.Timeout is { } timeout)
            Timers.StartSingleTimer(nameof(TimedOut), TimedOut.Instance, timeout);
    }

    protected override void PreStart()
    {
        base.PreStart();
        Context.System.EventStream.Subscribe(Self, typeof(LimitsChanged));
    }

    /// <summary>
    /// The job's member is going away (or its coordinator stopped) before the job could drain (the shutdown's own stop,
    /// <see cref="StopForShutdown"/>, did not get to finish): whoever waits learns why. A job nothing will resume undoes
    /// its recorded chunks here, at once, since no lane is left to do it; what it cannot undo, the answer says.
    /// </summary>
    protected override void PostStop()
    {
        base.PostStop();
        if (_answered || _run is null)
            return;
        var run = _run;
        _meter.Flush();
        _runtime.Cancellations.Cancel(run.Key);
        if (_sharded)
        {
            _throttler.Tell(new CloseJob(run.Key));
            // Handed off, or its member stops: the job goes on from its ledger on another member, which answers;
            // unless its admission never reached the ledger: then nobody would.
            if (!(_unacknowledged && _journalError is not null))
                return;
        }
        var reason = _journalError is { } error
            ? $"the journal could not be written ({error})"
            : $"the coordinator on {Self.Path.Address} stopped (its member is shutting down or leaving)";
        if (!_durable && run.Kernel.HasUndo && _ticket is { } ticket)
        {
            var undone = CallerLane.UndoNow(ticket, run.Kernel, run.TakeUndo(), _log);
            reason += $"; {undone} completed chunk(s) undone as it stopped";
            if (run.PendingUndos > 0)
                reason += $"; {run.PendingUndos} undo batch(es) its lane had been given may not have run: the process is going away";
            if (run.HasSpansInFlight)
                reason += "; chunks still running then are not undone if they completed: the process is going away";
        }
        Answer(Wire(new JobFailed(run.JobId, JobFailureKind.CoordinatorLost, null, reason, null, Statistics())));
    }

    /// <summary>A job nothing would resume stops as its coordinator does, undoing what it completed, and answers before the process goes.</summary>
    private void OnShutdown(StopForShutdown stop)
    {
        if (_durable || _answered || _run is null)
        {
            Sender.Tell(ReadyForShutdown.Instance);
            return;
        }
        _shutdownWaiters.Add(Sender);
        Stop(JobFailureKind.CoordinatorLost, $"the coordinator on {Self.Path.Address} stopped before the job finished ({stop.Why})");
    }

    private JobStatistics Statistics() => _run.Statistics(_runtime.DecisionsUnder(_limits), _durable);

    /// <summary>To the submitter and every watcher; one in another process that the answer cannot reach is told why.</summary>
    private void Answer(RemoteAnswer answer)
    {
        _submitter.Tell(answer.For(_submitter));
        foreach (var watcher in _watchers)
            watcher.Tell(answer.For(watcher));
    }

    private RemoteAnswer Wire(object answer) => new(Context.System, answer, _run.Spec.Kernel, Self);

    /// <summary>Someone (a `wait`, a returning submitter) gets the job's progress and its one answer too.</summary>
    private void OnWatch(WatchJob watch)
    {
        if (_watchers.Add(Sender))
            Context.Watch(Sender);
        Sender.Tell(Status());
    }

    private JobStatus Status() => _run is null
        ? new JobStatus(_jobId, _start?.Spec.Kernel ?? "", JobState.Starting, null, _durable, 0, _eventsRead, 0, Owner)
        : new JobStatus(_jobId, _run.Spec.Kernel, _run.Stopping is null ? JobState.Running : JobState.Stopping, _run.Progress(), _durable,
            _durable ? _run.ResumedChunks + _chunksJournaled : 0, _eventsRead, _durable ? LastSequenceNr - _snapshotAt : 0, Owner);

    /// <summary>Kernel code run here (Combine, Empty) fails only its own job, never the coordinator.</summary>
    private bool Guarded(string what, Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception e)
        {
            _log.Error(e, "Job {0}: the kernel threw while {1}", _run.JobId, what);
            _run.StopWith(JobFailureKind.ChunkFailed, $"kernel '{_run.Spec.Kernel}' threw while {what}: {e.GetType().Name}: {e.Message}");
            _runtime.Cancellations.Cancel(_run.Key);
            return false;
        }
    }

    /// <summary>
    /// Obeyed from the job's submitter or an actor of this process only: nobody else's bytes end a job. A detached
    /// or resumed job has no submitter to wait for it: whoever may reach the coordinator may cancel it (`cancel ID`).
    /// </summary>
    private void Cancel(CancelJob cancel)
    {
        var trusted = Detached || Sender.Equals(_submitter)
            || (Sender.Path.Address.HasLocalScope && !Sender.Equals(Context.System.DeadLetters));
        if (!trusted)
        {
            _log.Warning("Job {0}: CancelJob from {1} refused: only its submitter or this process may cancel it", cancel.JobId, Sender.Path);
            return;
        }
        Stop(JobFailureKind.Cancelled, "cancelled by the submitter");
    }

    private void Stop(JobFailureKind kind, string reason)
    {
        if (_run.Stopping is not null)
            return;
        _run.StopWith(kind, reason);
        _runtime.Cancellations.Cancel(_run.Key);
        FinishWhenDrained();
    }

    /// <summary>
    /// A stopping job answers only when no span is in flight any more, after undoing every completed chunk
    /// (ktask: undo runs once all helpers have stopped), so a failed job leaves nothing half-done.
    /// </summary>
    private void FinishWhenDrained()
    {
        var run = _run;
        if (run.Stopping is null || _answered)
            return;
        if (!run.HelpersClosed)
        {
            // At once, not at the drain: other members cancel their copies now, and no helper joins a stopping job.
            run.HelpersClosed = true;
            _throttler.Tell(new CloseJob(run.Key));
        }
        if (run.HasSpansInFlight)
            return;
        // Chunks recorded after an earlier batch (a late copy) get a batch of their own: each is undone once.
        var ranges = run.Kernel.HasUndo ? run.TakeUndo() : [];
        if (ranges.Count > 0)
        {
            run.PendingUndos++;
            run.Lane.Tell(new UndoChunks(run.JobId, ranges));
        }
        else if (run.PendingUndos == 0)
            Finish();
    }

    private void Finish()
    {
        if (_answered)
            return;
        var run = _run;
        object? result = null;
        if (run.Stopping is null)
            Guarded("giving the job's result", () => result = run.Result);
        var statistics = Statistics();
        var completed = run.Stopping is null
            ? Wire(new JobCompleted(run.JobId, result, statistics))
            : null;
        if (completed is not null && !Detached && completed.Unreachable(_submitter) is { } unreachable)
        {
            // As if its last chunk had failed: its completed chunks are undone before the submitter learns why.
            _log.Warning("Job {0}: {1}", run.JobId, unreachable);
            Stop(JobFailureKind.ChunkFailed, unreachable);
            return;
        }
        _answered = true;
        run.EndAllLeases();
        Timers.CancelAll();
        _throttler.Tell(new CloseJob(run.Key));
        _runtime.Cancellations.Close(run.Key);
        if (!run.Lane.IsNobody())
            Context.Stop(run.Lane);
        _meter.Closed(run.Stopping, statistics);
        var succeeded = run.Stopping is null;
        var answer = completed ?? Wire(run.Stopping! with
        {
            Reason = run.Stopping.Kind == JobFailureKind.CoordinatorLost && run.Kernel.HasUndo
                ? $"{run.Stopping.Reason}; its {run.Undone.Ranges.Sum(r => r.End - r.First)} completed chunk(s) were undone first"
                : run.Stopping.Reason,
            Statistics = statistics,
        });
        // A sharded job's next incarnation (its id used again, or a takeover) must read that it answered, and what:
        // what comes next waits for the write.
        if (_durable && _sharded)
            PersistAll(new object[] { new JobAnswered(run.Stopping?.Reason), new AnswerKept(answer.Answer, DateTime.UtcNow) }, _ => { });
        else if (_durable)
            PersistAsync(new JobAnswered(run.Stopping?.Reason), _ => { });
        // A failed job's results that come in after the answer are undone by the coordinator, which remembers it.
        var undone = !succeeded && run.Kernel.HasUndo && _ticket is { } ticket
            ? new EndedUndo(ticket, run.FirstLease, _runtime.Leases.LastIssued, run.Undone.Ranges.ToArray())
            : null;
        _coordinator.Tell(new JobEnded(run.JobId, run.Spec.Kernel, run.Spec.Arguments,
            succeeded ? run.RunTicks : 0, succeeded ? run.ItemsDone : 0, answer.Answer, undone));
        Acknowledge();
        Answer(answer);
        _answer = answer.Answer;
        foreach (var waiter in _shutdownWaiters)
            waiter.Tell(ReadyForShutdown.Instance);
        Become(Ended);
        if (_sharded)
            KeepAnswer();
    }

    private void ReportProgress()
    {
        var progress = _run.Progress();
        _meter.Progressed(progress);
        if (_run.ReportProgress)
            _submitter.Tell(progress);
        foreach (var watcher in _watchers)
            watcher.Tell(progress);
    }

    private void WatchOnce(IActorRef actor)
    {
        if (!actor.IsNobody() && !actor.Equals(Self) && !actor.Equals(_coordinator) && !_watchers.Contains(actor)
            && !actor.Equals(Context.System.DeadLetters) && _watched.Add(actor))
            Context.Watch(actor);
    }
}
