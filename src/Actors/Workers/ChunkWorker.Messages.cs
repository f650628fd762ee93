namespace Engine.Actors.Workers;

using Akka.Actor;
using Akka.Event;
using Engine.Planning;

/// <summary>Everything a worker needs to pull and run a job's chunks. Names data, never carries it.</summary>
public sealed record JobTicket(string JobId, IActorRef Coordinator, string Kernel, object? Arguments, ChunkPlan Plan)
{
    /// <summary>
    /// The job in this process's tables (tokens, throttler): its coordinator's path and its id, because ids are
    /// only unique per coordinator. Computed where it is read, from the coordinator's reference as this process
    /// sees it (a remote one carries its member's address).
    /// </summary>
    public string Key() => KeyOf(Coordinator, JobId);

    public static string KeyOf(IActorRef coordinator, string jobId) => $"{coordinator.Path}|{jobId}";
}

/// <summary>The throttler lends this worker to a job until the job has no more chunks for it.</summary>
public sealed record AttachToJob(JobTicket Ticket);

/// <summary>
/// The caps were lowered below the helpers running: this worker leaves its job at its next span boundary,
/// giving back spans it holds and has not started.
/// </summary>
public sealed record LeaveJob(string JobKey) : IDeadLetterSuppression;
