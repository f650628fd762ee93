namespace Engine.Actors.Coordination;

using Akka.Event;
using Engine.Jobs;
using Engine.Planning;

// The submitter's side of the protocol: SubmitJob, then JobAccepted, JobProgress (if asked) and exactly one
// JobCompleted or JobFailed.

/// <param name="JobId">Chosen by the submitter (so it can cancel before acceptance) or by the coordinator.</param>
/// <param name="SubmitterNode">The submitter's NUMA node, for <see cref="Placement.Local"/>; null: the coordinator's.</param>
/// <param name="Detached">The job goes on when its submitter stops (`submit --detach`); anyone may <see cref="WatchJob"/> or cancel it.</param>
public sealed record SubmitJob(JobSpec Spec, string? JobId = null, bool ReportProgress = false, int? SubmitterNode = null, bool Detached = false);

/// <summary>
/// A submission not taken (its job id is already in use): nothing started, and it is not an answer for the job
/// that holds the id, which goes on.
/// </summary>
public sealed record SubmissionRefused(string JobId, string Field, string Reason);

/// <param name="MovesOnFailover">The job is sharded across the cluster: if its member dies, another takes it over and
/// answers, so a submitter keeps waiting when the member it submitted to is lost.</param>
public sealed record JobAccepted(string JobId, long Chunks, long ChunkSize, int Threads, bool MovesOnFailover = false);

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
/// <remarks>Also the answer to late workers of a job that has ended, whose lane may be gone already: dropping it there is expected.</remarks>
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

// Anyone's side: a job's state by id, also from another process and after its submitter is gone.

/// <summary>
/// Asks for the job's progress and its one answer: answered at once with <see cref="JobStatus"/> (or
/// <see cref="JobUnknown"/>), then <see cref="JobProgress"/> every progress interval and the same
/// <see cref="JobCompleted"/> or <see cref="JobFailed"/> its submitter gets (at once for a job that has finished).
/// </summary>
public sealed record WatchJob(string JobId);

/// <summary>Asks for the job's state once (<see cref="JobStatus"/> or <see cref="JobUnknown"/>).</summary>
public sealed record GetJobStatus(string JobId);

public enum JobState
{
    /// <summary>Admitted or being read back from the journal; nothing handed out yet.</summary>
    Starting,
    Running,
    /// <summary>Failed, cancelled or timed out: waiting for its spans in flight and its undo before it answers.</summary>
    Stopping,
    Completed,
    Failed,
}

/// <param name="Progress">Null while <see cref="JobState.Starting"/>.</param>
/// <param name="Journaled">The job keeps a ledger in the journal, so it resumes after a restart.</param>
/// <param name="ChunksJournaled">Completed chunks whose ledger entries are written: a restart never runs these again.</param>
/// <param name="LedgerEventsRead">Ledger events read back when the job was resumed (after its snapshot): bounded, however long it ran.</param>
/// <param name="EventsSinceSnapshot">Ledger events written after its last saved snapshot: what a restart would read besides it.</param>
/// <param name="Owner">The address of the member whose job actor runs the job (null for a finished job's kept answer).</param>
public sealed record JobStatus(string JobId, string Kernel, JobState State, JobProgress? Progress, bool Journaled, long ChunksJournaled,
    long LedgerEventsRead = 0, long EventsSinceSnapshot = 0, string? Owner = null);

/// <summary>No job has this id here (it never ran here, or it finished longer ago than <c>engine.journal.keep-finished</c>).</summary>
public sealed record JobUnknown(string JobId);
