namespace Engine.Actors;

using Akka.Actor;
using Engine.Actors.Coordination;
using Engine.Jobs;

/// <summary>
/// Receives one job's answers for <see cref="JobSubmission"/>: progress, then one final answer. It watches the
/// coordinator, so a submitter on another host learns when the coordinating member dies instead of waiting forever,
/// unless the job moves on failover (<see cref="JobAccepted.MovesOnFailover"/>): then the member that takes it over answers.
/// </summary>
internal sealed class JobListener : ReceiveActor
{
    public JobListener(string jobId, IActorRef coordinator, TaskCompletionSource<JobResult> completion, IProgress<JobProgress>? progress)
    {
        Receive<JobAccepted>(accepted => _followsFailover = accepted.MovesOnFailover);
        Receive<JobStatus>(_ => { });
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
        Receive<Terminated>(t =>
        {
            // Another member takes the job over and answers here (its ledger holds this listener's path).
            if (_followsFailover)
                return;
            completion.TrySetException(new JobFailedException(new JobFailed(jobId, JobFailureKind.CoordinatorLost, null,
                $"the coordinator {t.ActorRef.Path} is gone (its member died or left) before the job finished", null, null)));
            Context.Stop(Self);
        });
        Context.Watch(coordinator);
        _completion = completion;
        _jobId = jobId;
    }

    private readonly TaskCompletionSource<JobResult> _completion;
    private readonly string _jobId;
    private bool _followsFailover;

    public static Props Props(string jobId, IActorRef coordinator, TaskCompletionSource<JobResult> completion,
        IProgress<JobProgress>? progress) =>
        Akka.Actor.Props.Create(() => new JobListener(jobId, coordinator, completion, progress));

    /// <summary>Stopped without an answer (the actor system terminates): the caller's task fails rather than hang.</summary>
    protected override void PostStop() =>
        _completion.TrySetException(new JobFailedException(new JobFailed(_jobId, JobFailureKind.CoordinatorLost, null,
            $"the actor system '{Context.System.Name}' stopped before job '{_jobId}' finished", null, null)));
}
