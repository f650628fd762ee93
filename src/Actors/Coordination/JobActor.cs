namespace Engine.Actors.Coordination;

using Akka.Actor;
using Akka.Event;
using Engine.Actors.Throttling;
using Engine.Actors.Workers;
using Engine.Jobs;

/// <summary>
/// One job from acceptance to its one answer: owns the job's <see cref="JobRun"/> (its leases and results),
/// its caller's lane, its timers (progress, lease review, timeout), the undo after a failure and the final
/// answer. Workers' messages reach it through the coordinator, which routes them by job id and is the address
/// every worker and member knows the job by. Once it has answered it only tells late workers that there is
/// nothing more, until the coordinator stops it.
/// </summary>
internal sealed partial class JobActor : ReceiveActor, IWithTimers
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

    private readonly JobStart _start;
    private readonly EngineRuntime _runtime;
    private readonly IActorRef _throttler;
    private readonly IActorRef _submitter;
    private readonly HashSet<IActorRef> _watched = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private JobRun _run = null!;
    private JobTicket? _ticket;
    private bool _answered;

    public JobActor(JobStart start, IActorRef submitter, EngineRuntime runtime, IActorRef throttler)
    {
        _start = start;
        _submitter = submitter;
        _runtime = runtime;
        _throttler = throttler;
        Running();
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(JobStart start, IActorRef submitter, EngineRuntime runtime, IActorRef throttler) =>
        Akka.Actor.Props.Create(() => new JobActor(start, submitter, runtime, throttler))
            .WithDispatcher(WorkEngine.ControlDispatcherId);

    protected override void PreStart() => Begin();

    private void Running()
    {
        Receive<CancelJob>(Cancel);
        Receive<TimedOut>(_ => Stop(JobFailureKind.TimedOut, $"timed out after {_run.Spec.Timeout}"));
        Receive<RequestChunks>(OnRequest);
        Receive<ChunksDone>(OnDone);
        Receive<ChunkFailed>(OnFailed);
        Receive<ChunksReturned>(OnReturned);
        Receive<UndoFinished>(_ =>
        {
            _run.PendingUndos--;
            FinishWhenDrained();
        });
        Receive<ProgressTick>(_ => ReportProgress());
        Receive<LeaseTick>(_ => ReviewLeases());
        Receive<Terminated>(t => OnTerminated(t.ActorRef));
        Receive<MemberLost>(OnMemberLost);
    }

    /// <summary>After the answer: late workers learn there is nothing more; everything else is dropped.</summary>
    private void Ended()
    {
        Receive<RequestChunks>(r => Sender.Tell(new NoMoreChunks(r.JobId)));
        Receive<ChunksDone>(d =>
        {
            if (d.WantsMore)
                Sender.Tell(new NoMoreChunks(d.JobId));
        });
        // A copy stopped because another won waits for its next span: without an answer it would stay attached.
        Receive<ChunkFailed>(f =>
        {
            if (f.WantsMore)
                Sender.Tell(new NoMoreChunks(f.JobId));
        });
        ReceiveAny(_ => { });
    }

    private void Begin()
    {
        var start = _start;
        var run = _run = new JobRun(start.JobId, start.Spec, start.Kernel, start.Plan, start.Parts, _submitter,
            start.ReportProgress, _runtime, Context.Parent, ((ExtendedActorSystem)Context.System).Provider.DefaultAddress);
        var spec = run.Spec;
        var plan = run.Plan;
        _runtime.Metrics.JobOpened(run.JobId, spec.Kernel, plan);
        if (run.IsComplete)
        {
            Finish();
            return;
        }
        Timers.StartPeriodicTimer(nameof(ProgressTick), ProgressTick.Instance, _runtime.Settings.ProgressInterval);
        Timers.StartPeriodicTimer(nameof(LeaseTick), LeaseTick.Instance, _runtime.Settings.Leases.CheckInterval);
        // The coordinator is the job's address for every worker and member; it routes their messages here.
        var ticket = _ticket = new JobTicket(run.JobId, Context.Parent, spec.Kernel, spec.Arguments, plan);
        run.Lane = Context.ActorOf(CallerLane.Props(ticket, _runtime), "lane");
        WatchOnce(_submitter);
        var threads = Math.Min(plan.Threads, (int)Math.Min(plan.ChunkCount, int.MaxValue));
        run.HelperRequest = new OpenJob(ticket, threads - 1, PreferredNodes(spec.Placement, start.LocalNode),
            spec.Placement is AnyNodePlacement);
        if (threads > 1)
            OpenForHelpers();
        if (spec.Timeout is { } timeout)
            Timers.StartSingleTimer(nameof(TimedOut), TimedOut.Instance, timeout);
    }

    /// <summary>The job's member is going away (or its coordinator stopped): whoever waits learns why.</summary>
    protected override void PostStop()
    {
        if (_answered)
            return;
        _runtime.Cancellations.Cancel(_run.Key);
        Answer(new JobFailed(_run.JobId, JobFailureKind.CoordinatorLost, null,
            $"the coordinator on {Self.Path.Address} stopped (its member is shutting down or leaving)", null, Statistics()));
    }

    private JobStatistics Statistics() => _run.Statistics(_runtime.Decisions);

    private void Answer(object answer) => _submitter.Tell(answer);

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

    /// <summary>Obeyed from the job's submitter or an actor of this process only: nobody else's bytes end a job.</summary>
    private void Cancel(CancelJob cancel)
    {
        var trusted = Sender.Equals(_submitter)
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
        _answered = true;
        var run = _run;
        run.EndAllLeases();
        Timers.CancelAll();
        _throttler.Tell(new CloseJob(run.Key));
        _runtime.Cancellations.Close(run.Key);
        if (!run.Lane.IsNobody())
            Context.Stop(run.Lane);
        var statistics = Statistics();
        _runtime.Metrics.JobClosed(run.JobId, run.Spec.Kernel, run.Stopping, statistics);
        object? result = null;
        if (run.Stopping is null)
            Guarded("giving the job's result", () => result = run.Result);
        var succeeded = run.Stopping is null;
        // A failed job's results that come in after the answer are undone by the coordinator, which remembers it.
        var undone = !succeeded && run.Kernel.HasUndo && _ticket is { } ticket
            ? new EndedUndo(ticket, run.FirstLease, _runtime.Leases.LastIssued, run.Undone.Ranges.ToArray())
            : null;
        Context.Parent.Tell(new JobEnded(run.JobId, run.Spec.Kernel, run.Spec.Arguments,
            succeeded ? run.RunTicks : 0, succeeded ? run.ItemsDone : 0, undone));
        if (run.Stopping is { } failure)
            Answer(failure with { Statistics = statistics });
        else
            Answer(new JobCompleted(run.JobId, result, statistics));
        Become(Ended);
    }

    private void ReportProgress()
    {
        var progress = _run.Progress();
        _runtime.Metrics.Progressed(progress);
        if (_run.ReportProgress)
            _submitter.Tell(progress);
    }

    private void WatchOnce(IActorRef actor)
    {
        if (!actor.IsNobody() && !actor.Equals(Self) && !actor.Equals(Context.Parent)
            && !actor.Equals(Context.System.DeadLetters) && _watched.Add(actor))
            Context.Watch(actor);
    }
}
