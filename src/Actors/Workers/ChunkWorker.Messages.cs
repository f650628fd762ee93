namespace Engine.Actors.Workers;

using Akka.Actor;
using Engine.Planning;

/// <summary>Everything a worker needs to pull and run a job's chunks. Names data, never carries it.</summary>
public sealed record JobTicket(string JobId, IActorRef Coordinator, string Kernel, object? Arguments, ChunkPlan Plan);

/// <summary>The throttler lends this worker to a job until the job has no more chunks for it.</summary>
public sealed record AttachToJob(JobTicket Ticket);
