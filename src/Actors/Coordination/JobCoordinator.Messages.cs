namespace Engine.Actors.Coordination;

using Akka.Event;
using Engine.Jobs;
using Engine.Planning;

// The submitter's side of the protocol: SubmitJob, then JobAccepted, JobProgress (if asked) and exactly one
// JobCompleted or JobFailed.

/// <param name="JobId">Chosen by the submitter (so it can cancel before acceptance) or by the coordinator.</param>
/// <param name="SubmitterNode">The submitter's NUMA node, for <see cref="Placement.Local"/>; null: the coordinator's.</param>
public sealed record SubmitJob(JobSpec Spec, string? JobId = null, bool ReportProgress = false, int? SubmitterNode = null);

/// <summary>
/// A submission not taken (its job id is already in use): nothing started, and it is not an answer for the job
/// that holds the id, which goes on.
/// </summary>
public sealed record SubmissionRefused(string JobId, string Field, string Reason);

public sealed record JobAccepted(string JobId, long Chunks, long ChunkSize, int Threads);

public sealed record JobProgress(string JobId, long ChunksDone, long Chunks, long ItemsDone, long Items, int Helpers, TimeSpan Elapsed) : IDeadLetterSuppression;

public sealed record JobCompleted(string JobId, object? Result, JobStatistics Statistics);

/// <param name="Field">The spec field at fault for <see cref="JobFailureKind.InvalidSpec"/>, else null.</param>
/// <param name="FailedChunk">The chunk that threw, for <see cref="JobFailureKind.ChunkFailed"/>.</param>
public sealed record JobFailed(string JobId, JobFailureKind Kind, string? Field, string Reason, ChunkRange? FailedChunk, JobStatistics? Statistics);

public sealed record CancelJob(string JobId);

// The workers' side: a worker (helper or lane) asks for spans of chunks and reports each one. Any of these may
// arrive after its job ended or its worker left: expected, so kept out of the dead-letter log.

public sealed record RequestChunks(string JobId, int Node, int Count) : IDeadLetterSuppression;

/// <param name="Lease">This copy's lease: a worker of the coordinator's process claims it before it starts, and skips
/// the span if the coordinator took it back; the result names it.</param>
public sealed record ChunksGranted(string JobId, ChunkSpan Span, long Lease = 0) : IDeadLetterSuppression;

/// <summary>The job has nothing more for this worker; it detaches once its spans are done.</summary>
public sealed record NoMoreChunks(string JobId) : IDeadLetterSuppression;

public sealed record ChunksDone(string JobId, ChunkSpan Span, object? Result, long ElapsedTicks, int Node, bool WantsMore, long Lease = 0) : IDeadLetterSuppression;

/// <param name="CompletedChunks">Chunks of the span completed before the failure (they are undone like the rest).</param>
/// <param name="FailedChunk">The chunk that threw; null when the copy was stopped (the job ended, or another copy won).</param>
/// <param name="WantsMore">The worker goes on with the job (only its copy was stopped) and asks for the next span.</param>
public sealed record ChunkFailed(string JobId, ChunkSpan Span, long CompletedChunks, object? CompletedResult, int Node,
    ChunkRange? FailedChunk, string Error, long Lease = 0, bool WantsMore = false) : IDeadLetterSuppression;

/// <summary>A worker got a span for a job it is no longer attached to (it was restarted) and gives it back.</summary>
public sealed record ChunksReturned(string JobId, ChunkSpan Span, long Lease = 0) : IDeadLetterSuppression;

// From the cluster side (Engine.Actors.Cluster.EngineMember).

/// <summary>A member is unreachable or gone: spans its workers hold are handed out again.</summary>
public sealed record MemberLost(Akka.Actor.Address Member, string How);

/// <summary>Helpers the other members can lend, counted when planning jobs that may run on any member.</summary>
public sealed record ClusterCapacity(int RemoteHelpers);
