namespace Engine.Actors;

using Akka.Actor;
using Engine.Actors.Coordination;
using Engine.Jobs;

/// <summary>
/// Receives one job's answers for <see cref="JobSubmission"/>: progress, then one final answer. It watches the
/// coordinator, so a submitter on another host learns when the coordinating member dies instead of waiting forever.
/// </summary>
internal sealed class JobListener : ReceiveActor
{
    public JobListener(string jobId, IActorRef coordinator, TaskCompletionSource<JobResult> completion, IProgress<JobProgress>? progress)
    {
        Receive<JobAccepted>(_ => { });
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
        Receive<Terminated>(t =>
        {
            completion.TrySetException(new JobFailedException(new JobFailed(jobId, JobFailureKind.CoordinatorLost, null,
                $"the coordinator {t.ActorRef.Path} is gone (its member died or left) before the job finished", null, null)));
            Context.Stop(Self);
        });
        Context.Watch(coordinator);
    }

    public static Props Props(string jobId, IActorRef coordinator, TaskCompletionSource<JobResult> completion,
        IProgress<JobProgress>? progress) =>
        Akka.Actor.Props.Create(() => new JobListener(jobId, coordinator, completion, progress));
}
