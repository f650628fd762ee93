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

    /// <summary>
    /// Submits a job that goes on without its submitter (`submit --detach`): returns its id once accepted;
    /// <see cref="WatchAsync"/> gets its progress and answer later, from any process.
    /// </summary>
    /// <exception cref="JobFailedException">The job was rejected.</exception>
    public static async Task<string> SubmitDetachedAsync(IActorRef coordinator, JobSpec spec, TimeSpan timeout, string? jobId = null)
    {
        jobId ??= Guid.NewGuid().ToString("N")[..12];
        var answer = await coordinator.Ask<object>(new SubmitJob(spec, jobId, Detached: true), timeout);
        return answer switch
        {
            JobAccepted accepted => accepted.JobId,
            JobFailed failed => throw new JobFailedException(failed),
            SubmissionRefused refused => throw new JobFailedException(new JobFailed(refused.JobId, JobFailureKind.InvalidSpec,
                refused.Field, refused.Reason, null, null)),
            var other => throw new InvalidOperationException($"unexpected answer to a submission: {other.GetType().Name}"),
        };
    }

    /// <summary>Awaits the answer of a job by id (progress too, if asked), as its submitter would get it; a job finished lately answers at once.</summary>
    /// <exception cref="JobFailedException">The job failed, no job has this id, or its coordinator was lost.</exception>
    public static Task<JobResult> WatchAsync(ActorSystem system, IActorRef coordinator, string jobId, IProgress<JobProgress>? progress = null)
    {
        var completion = new TaskCompletionSource<JobResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var listener = system.ActorOf(JobListener.Props(jobId, coordinator, completion, progress));
        coordinator.Tell(new WatchJob(jobId), listener);
        return completion.Task;
    }
}
