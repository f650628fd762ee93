namespace Engine.Actors;

using Akka.Actor;
using Engine.Actors.Coordination;

/// <summary>Receives one job's answers for <see cref="WorkEngine.RunAsync"/>: progress, then one final answer.</summary>
internal sealed class JobListener : ReceiveActor
{
    public JobListener(TaskCompletionSource<JobResult> completion, IProgress<JobProgress>? progress)
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
    }

    public static Props Props(TaskCompletionSource<JobResult> completion, IProgress<JobProgress>? progress) =>
        Akka.Actor.Props.Create(() => new JobListener(completion, progress));
}
