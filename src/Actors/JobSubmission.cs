namespace Engine.Actors;

using Akka.Actor;
using Engine.Actors.Coordination;
using Engine.Jobs;

/// <summary>Submits a job to a coordinator, local or on another member, and awaits its one final answer.</summary>
public static class JobSubmission
{
    /// <param name="submitterNode">The submitter's NUMA node for local placement; null: the coordinator's.</param>
    /// <exception cref="JobFailedException">The job failed, was rejected, or its coordinator was lost.</exception>
    public static Task<JobResult> RunAsync(ActorSystem system, IActorRef coordinator, JobSpec spec, int? submitterNode = null,
        CancellationToken cancellation = default, IProgress<JobProgress>? progress = null)
    {
        var jobId = Guid.NewGuid().ToString("N")[..12];
        var completion = new TaskCompletionSource<JobResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = system.ActorOf(JobListener.Props(jobId, coordinator, completion, progress));
        coordinator.Tell(new SubmitJob(spec, jobId, progress is not null, submitterNode), listener);
        if (cancellation.CanBeCanceled)
        {
            // From the listener, the job's submitter: the coordinator obeys CancelJob only from it (or its own process).
            var registration = cancellation.Register(() => coordinator.Tell(new CancelJob(jobId), listener));
            completion.Task.ContinueWith(_ => registration.Dispose(), TaskScheduler.Default);
        }
        return completion.Task;
    }
}
