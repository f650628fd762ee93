namespace Engine.Actors.Coordination;

using Engine.Actors.Workers;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Planning;

// Between the coordinator (admission and routing) and the actor of one job.

/// <summary>Everything a job actor starts from: the accepted, validated and planned job.</summary>
/// <param name="RememberedItemTicks">The kernel's item time from an earlier job with the same arguments, if any.</param>
/// <param name="Detached">The job does not end with its submitter (see <see cref="SubmitJob.Detached"/>).</param>
/// <param name="Acknowledges">The job's actor tells the submitter <see cref="JobAccepted"/>, once its admission is written.</param>
/// <param name="AwaitsIndex">
/// The engine's index of open jobs is told of the job: its acknowledgement and its spans' ledger entries wait until the
/// index holds it, so a restart finds every job that has a span in the journal.
/// </param>
internal sealed record JobStart(string JobId, JobSpec Spec, IChunkKernel Kernel, ChunkPlan Plan, IReadOnlyList<NodePart> Parts,
    bool ReportProgress, int LocalNode, double? RememberedItemTicks, bool Detached, bool Acknowledges = false, bool AwaitsIndex = false);

/// <summary>
/// The job gave its one answer: the coordinator forgets it (its id may be used again) and stops its actor
/// after whatever was routed to it before. Sent before the answer, so a submitter that reacts to the answer
/// (a new job with the same id) is always seen after it.
/// </summary>
/// <param name="RunTicks">Time spent on the job's completed chunks, for the kernel's remembered item time (0: none).</param>
/// <param name="Answer">The job's <see cref="JobCompleted"/> or <see cref="JobFailed"/>, kept for whoever asks by id later;
/// null for a resumed job that did not run again.</param>
/// <param name="Undone">For a failed job with undo: what a result arriving after the answer is undone against.</param>
internal sealed record JobEnded(string JobId, string Kernel, object? Arguments, long RunTicks, long ItemsDone, object? Answer, EndedUndo? Undone);

/// <summary>A failed job's undo, as its coordinator keeps it after the answer.</summary>
/// <param name="Ticket">The job, for running the undo of a late result.</param>
/// <param name="FirstLease">The job's leases were [FirstLease, LastLease]: a late report is the job's if its lease is.</param>
/// <param name="Undone">The chunk ranges already undone.</param>
internal sealed record EndedUndo(JobTicket Ticket, long FirstLease, long LastLease, IReadOnlyList<(long First, long End)> Undone);

/// <summary>
/// The process is shutting down: a job nothing would resume (not journalled) stops now, undoes its completed chunks
/// and answers while the process still can. The sender gets <see cref="ReadyForShutdown"/> once it has (at once from a
/// journalled job, which the next process resumes from its ledger, and from one that has answered).
/// </summary>
/// <param name="Why">What the job's answer says of the stop (its member downed, leaving, the process stopping).</param>
internal sealed record StopForShutdown(string Why);

internal sealed record ReadyForShutdown
{
    public static readonly ReadyForShutdown Instance = new();
}

// Between a member's coordinator and a job that is an entity of cluster sharding (JobActor.Sharded.cs).

/// <summary>
/// A job admitted (validated and planned) by a member's coordinator, on its way through the shard region to the
/// job's entity, wherever that lives; the entity answers the submitter (the sender) with <see cref="JobAccepted"/>.
/// </summary>
internal sealed record StartJob(string JobId, JobSpec Spec, ChunkPlan Plan, NodePart[] Parts, int LocalNode, bool ReportProgress,
    bool Detached, double? RememberedItemTicks);

/// <summary>A job entity runs on this member: its coordinator routes the job's workers' messages to it.</summary>
internal sealed record JobHosted(string JobId);

/// <summary>The job's shard moves to another member: it stops here without answering, and resumes there.</summary>
internal sealed record HandOffJob
{
    public static readonly HandOffJob Instance = new();
}

