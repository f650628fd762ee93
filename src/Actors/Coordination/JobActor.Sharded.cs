namespace Engine.Actors.Coordination;

using Akka.Actor;
using Akka.Cluster.Sharding;
using Engine.Actors.Persistence;
using Engine.Actors.Throttling;
using Engine.Policies;

/// <summary>
/// A job as an entity of Akka.Cluster.Sharding (a cluster journalling to PostgreSQL): named by its job id, its
/// ledger named so too, it starts wherever its shard lives. Started by its admission (<see cref="StartJob"/>), or
/// by sharding again on another member after its member died (remembered entities): then it recovers its ledger
/// and carries on, and answers the submitter recorded there.
/// </summary>
internal sealed partial class JobActor
{
    /// <summary>After recovery, with nothing to resume: stop unless an admission came first.</summary>
    private sealed record Settle
    {
        public static readonly Settle Instance = new();
    }

    private readonly bool _sharded;
    private object? _answer;

    /// <summary>The entity of job <paramref name="jobId"/> on this member; <paramref name="coordinator"/> routes its workers' messages.</summary>
    /// <param name="limits">The limits in force when the entity starts; changes arrive as <see cref="LimitsChanged"/>.</param>
    public static Props Entity(string jobId, EngineRuntime runtime, EngineLimits limits, IActorRef throttler, IActorRef coordinator) =>
        Akka.Actor.Props.Create(() => new JobActor(jobId, ShardedPersistenceId(jobId), null, true, ActorRefs.Nobody, runtime, limits, throttler,
            coordinator))
            .WithDispatcher(WorkEngine.ControlDispatcherId);

    /// <summary>Derived from the job id alone: the member that takes the job over knows nothing else.</summary>
    public static string ShardedPersistenceId(string jobId) => $"job|{jobId}";

    /// <summary>A job's state once it has answered, from its answer.</summary>
    internal static JobStatus FinishedStatus(string jobId, string kernel, object answer)
    {
        var (state, statistics) = answer switch
        {
            JobCompleted c => (JobState.Completed, c.Statistics),
            JobFailed f => (JobState.Failed, f.Statistics),
            _ => (JobState.Failed, null),
        };
        var progress = statistics is null ? null
            : new JobProgress(jobId, statistics.Chunks, statistics.Chunks, statistics.Items, statistics.Items, 0, statistics.Elapsed);
        return new JobStatus(jobId, kernel, state, progress, statistics?.Journaled ?? false, 0);
    }

    /// <summary>Nothing to resume (a new job, a query for an unknown id, a job that had answered): the admission decides.</summary>
    private void AwaitAdmission()
    {
        Become(Waiting);
        // Behind whatever waited for the recovery: an admission that started this entity is handled first.
        Self.Tell(Settle.Instance);
    }

    private void Waiting()
    {
        Command<StartJob>(Admit);
        Command<WatchJob>(w => Sender.Tell(new JobUnknown(w.JobId)));
        Command<GetJobStatus>(g => Sender.Tell(new JobUnknown(g.JobId)));
        Command<RequestChunks>(r => Sender.Tell(new NoMoreChunks(r.JobId)));
        Command<Settle>(_ => Passivate());
        Command<HandOffJob>(_ => Context.Stop(Self));
        CommandAny(_ => { });
    }

    private void Admit(StartJob admission)
    {
        if (!_runtime.Kernels.TryGet(admission.Spec.Kernel, out var kernel))
        {
            Sender.Tell(new JobFailed(_jobId, Jobs.JobFailureKind.InvalidSpec, "kernel",
                $"kernel: '{admission.Spec.Kernel}' is not registered on the member that took the job ({Owner})", null, null));
            return;
        }
        _submitter = Sender;
        var start = _start = new JobStart(_jobId, admission.Spec, kernel, admission.Plan, admission.Parts, admission.ReportProgress,
            admission.LocalNode, admission.RememberedItemTicks, admission.Detached);
        // Only a submitter that waits is answered after a failover (a detached job's asked only for its id).
        var submitter = start.Detached || Sender.IsNobody() || Sender.Equals(Context.System.DeadLetters)
            ? null
            : Akka.Serialization.Serialization.SerializedActorPath(Sender);
        _admitted = new JobAdmitted(_jobId, start.Spec, start.Plan, start.Parts.ToArray(), start.LocalNode, submitter,
            start.ReportProgress, start.Detached);
        _recovered.Clear();
        Become(Running);
        WriteAdmission(acknowledges: true, awaitsIndex: false);
        Begin([]);
    }

    /// <summary>The submitter recorded in the ledger, wherever it is: it gets the answer from whichever member runs the job.</summary>
    private IActorRef SubmitterOf(JobAdmitted admitted) =>
        admitted.Submitter is { } path ? ((ExtendedActorSystem)Context.System).Provider.ResolveActorRef(path) : ActorRefs.Nobody;

    private string Owner => ((ExtendedActorSystem)Context.System).Provider.DefaultAddress.ToString();

    /// <summary>Its shard moves (a rebalance, its member leaving): the job stops here without an answer and resumes there.</summary>
    private void HandOff()
    {
        // Its chunks first: the lane, a child, would hold up the stop while it runs one.
        if (_run is not null)
            _runtime.Cancellations.Cancel(_run.Key);
        Context.Stop(Self);
    }

    /// <summary>A finished job still answers by id for <c>journal.keep-finished</c>, then stops and is forgotten.</summary>
    private void KeepAnswer() => KeepAnswerFor(_runtime.Settings.Journal.KeepFinished);

    private void KeepAnswerFor(TimeSpan left)
    {
        if (left > TimeSpan.Zero)
            Timers.StartSingleTimer(nameof(Settle), Settle.Instance, left);
        else
            Passivate();
    }

    /// <summary>
    /// The ledger ends with the job's answer (its member died while keeping it, or it was passivated): the answer
    /// is kept here for what is left of <c>journal.keep-finished</c>, so <c>wait ID</c> and <c>status --job ID</c>
    /// still find it after a failover.
    /// </summary>
    private bool TryKeepRecoveredAnswer()
    {
        if (!_answeredBefore || _kept is not { } kept || _admitted is null)
            return false;
        var left = _runtime.Settings.Journal.KeepFinished - (DateTime.UtcNow - kept.AnsweredAt);
        if (left <= TimeSpan.Zero)
            return false;
        _answered = true;
        _answer = kept.Answer;
        Become(Ended);
        KeepAnswerFor(left);
        return true;
    }

    private void KeptAnswer()
    {
        Command<WatchJob>(w =>
        {
            Sender.Tell(FinishedStatus(_jobId, _admitted!.Spec.Kernel, _answer!) with { Owner = Owner });
            Sender.Tell(new RemoteAnswer(Context.System, _answer!, _admitted!.Spec.Kernel, Self).For(Sender));
        });
        Command<GetJobStatus>(_ => Sender.Tell(FinishedStatus(_jobId, _admitted!.Spec.Kernel, _answer!) with { Owner = Owner }));
        Command<Settle>(_ => Passivate());
        Command<HandOffJob>(_ => Context.Stop(Self));
        // The id used again: an incarnation that ran nothing (it only read the answer) admits it; the one that ran
        // the job stops, and the next admits it, on a ledger that ends with this answer.
        Command<StartJob>(start =>
        {
            if (_run is null)
            {
                Timers.Cancel(nameof(Settle));
                (_answered, _answer) = (false, null);
                Admit(start);
                return;
            }
            var submitter = Sender;
            Passivate();
            Region.Tell(start, submitter);
        });
    }

    /// <summary>A job is running under this id: a second admission is refused, and the job goes on.</summary>
    private void RefuseAdmission(StartJob start) =>
        Sender.Tell(new SubmissionRefused(start.JobId, "jobId", $"jobId: job '{start.JobId}' is already running; this submission was not accepted"));

    private ActorSelection Region => Context.ActorSelection(Context.Parent.Path.Parent);

    /// <summary>
    /// Stops through its shard, so it is no longer remembered. What reaches it meanwhile goes back through the
    /// region, which holds it for the entity's next start.
    /// </summary>
    private void Passivate()
    {
        Context.Parent.Tell(new Passivate(PoisonPill.Instance));
        Become(() =>
        {
            Command<StartJob>(m => Region.Tell(m, Sender));
            Command<WatchJob>(m => Region.Tell(m, Sender));
            Command<GetJobStatus>(m => Region.Tell(m, Sender));
            Command<CancelJob>(m => Region.Tell(m, Sender));
            Command<RequestChunks>(r => Sender.Tell(new NoMoreChunks(r.JobId)));
            CommandAny(_ => { });
        });
    }
}
