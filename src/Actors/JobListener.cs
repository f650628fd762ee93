namespace Engine.Actors;

using Akka.Actor;
using Engine.Actors.Coordination;
using Engine.Jobs;

/// <summary>
/// Receives one job's answers for <see cref="JobSubmission"/>: progress, then one final answer. It watches the
/// coordinator, so a submitter on another host learns when the coordinating member dies instead of waiting forever,
/// unless the job moves on failover (<see cref="JobAccepted.MovesOnFailover"/>): then the member that takes it over
/// answers. It watches the job's actor too: gone before the answer (its member died, its shard moved), the job is
/// asked for again through the coordinator until the actor that runs it now answers.
/// </summary>
internal sealed class JobListener : ReceiveActor, IWithTimers
{
    private sealed record AskAgain
    {
        public static readonly AskAgain Instance = new();
    }

    /// <summary>A lost job actor's shard may still be homed on the dead member until that member is downed: asked again until it moves.</summary>
    private static readonly TimeSpan AskAgainEvery = TimeSpan.FromSeconds(2);

    private readonly TaskCompletionSource<JobResult> _completion;
    private readonly string _jobId;
    private readonly IActorRef _coordinator;
    private IActorRef? _job;
    private bool _followsFailover;
    private bool _coordinatorLost;

    public JobListener(string jobId, IActorRef coordinator, TaskCompletionSource<JobResult> completion, IProgress<JobProgress>? progress)
    {
        _completion = completion;
        _jobId = jobId;
        _coordinator = coordinator;
        Receive<JobAccepted>(accepted =>
        {
            _followsFailover = accepted.MovesOnFailover;
            Follow(Sender);
        });
        Receive<JobStatus>(_ => Follow(Sender));
        Receive<JobUnknown>(unknown =>
        {
            completion.TrySetException(new JobFailedException(new JobFailed(unknown.JobId, JobFailureKind.InvalidSpec, "jobId",
                $"jobId: no job '{unknown.JobId}' at {coordinator.Path.Address} (it never ran there, or it finished too long ago)", null, null)));
            Context.Stop(Self);
        });
        Receive<JobProgress>(p => progress?.Report(p));
        Receive<JobCompleted>(done =>
        {
            completion.TrySetResult(new JobResult(done.JobId, done.Result, done.Statistics));
            Context.Stop(Self);
        });
        Receive<JobFailed>(failed =>
        {
            completion.TrySetException(new JobFailedException(failed));
            Context.Stop(Self);
        });
        Receive<SubmissionRefused>(refused =>
        {
            completion.TrySetException(new JobFailedException(new JobFailed(refused.JobId, JobFailureKind.InvalidSpec,
                refused.Field, refused.Reason, null, null)));
            Context.Stop(Self);
        });
        Receive<AskAgain>(_ => _coordinator.Tell(new WatchJob(_jobId)));
        Receive<Terminated>(t =>
        {
            if (t.ActorRef.Equals(_job))
            {
                _job = null;
                if (!_coordinatorLost)
                    Timers.StartPeriodicTimer(nameof(AskAgain), AskAgain.Instance, TimeSpan.Zero, AskAgainEvery);
                return;
            }
            // Another member takes the job over and answers here (its ledger holds this listener's path).
            if (_followsFailover)
            {
                _coordinatorLost = true;
                Timers.Cancel(nameof(AskAgain));
                return;
            }
            completion.TrySetException(new JobFailedException(new JobFailed(jobId, JobFailureKind.CoordinatorLost, null,
                $"the coordinator {t.ActorRef.Path} is gone (its member died or left) before the job finished", null, null)));
            Context.Stop(Self);
        });
        Context.Watch(coordinator);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(string jobId, IActorRef coordinator, TaskCompletionSource<JobResult> completion,
        IProgress<JobProgress>? progress) =>
        Akka.Actor.Props.Create(() => new JobListener(jobId, coordinator, completion, progress));

    /// <summary>The actor that answered for the job, unless the coordinator answered itself (a finished job).</summary>
    private void Follow(IActorRef job)
    {
        if (job.Equals(_coordinator) || job.Equals(_job) || job.IsNobody())
            return;
        Timers.Cancel(nameof(AskAgain));
        if (_job is not null)
            Context.Unwatch(_job);
        _job = job;
        Context.Watch(job);
    }

    /// <summary>Stopped without an answer (the actor system terminates): the caller's task fails rather than hang.</summary>
    protected override void PostStop() =>
        _completion.TrySetException(new JobFailedException(new JobFailed(_jobId, JobFailureKind.CoordinatorLost, null,
            $"the actor system '{Context.System.Name}' stopped before job '{_jobId}' finished", null, null)));
}
