namespace Engine.Actors.Persistence;

using Engine.Jobs;
using Engine.Planning;

// What the journal keeps of one job (its ledger) and of the engine's open jobs (its index). Every type here is
// written by the LedgerSerializer: a row holding anything else is refused on reading, not instantiated.

/// <summary>Marks what the journal writes, so it is bound to the <see cref="LedgerSerializer"/>.</summary>
internal interface ILedgerEntry;

/// <summary>The accepted job, first in its ledger: enough to run it again without its submitter.</summary>
/// <param name="Submitter">The submitter's actor path, so the member that takes the job over after a failover answers it.</param>
/// <param name="ReportProgress">The submitter asked for progress.</param>
/// <param name="Detached">The job goes on without its submitter.</param>
internal sealed record JobAdmitted(string JobId, JobSpec Spec, ChunkPlan Plan, NodePart[] Parts, int LocalNode,
    string? Submitter = null, bool ReportProgress = false, bool Detached = true) : ILedgerEntry;

/// <summary>A span's chunks completed with this (combined) result; written once per span, never per chunk.</summary>
internal sealed record SpanCompleted(long First, long Count, object? Result) : ILedgerEntry;

/// <summary>The job gave its one answer: nothing of it is resumed any more.</summary>
internal sealed record JobAnswered(string? Failure) : ILedgerEntry;

/// <summary>
/// A sharded job's answer itself (its <c>JobCompleted</c> or <c>JobFailed</c>), after <see cref="JobAnswered"/>: the
/// member that takes the job's shard over still answers by id until <c>journal.keep-finished</c> after <paramref name="AnsweredAt"/>.
/// </summary>
internal sealed record AnswerKept(object Answer, DateTime AnsweredAt) : ILedgerEntry;

/// <summary>One folded run of completed chunks [First, End) and its result.</summary>
internal sealed record LedgerSegment(long First, long End, object? Value);

/// <summary>The ledger so far in one row: recovery reads this and the spans after it, a bounded amount.</summary>
internal sealed record LedgerSnapshot(JobAdmitted Job, LedgerSegment[] Segments) : ILedgerEntry;

/// <summary>A journalled job the engine has not answered yet (the index's events).</summary>
/// <param name="PersistenceId">Its ledger's id: unique per admission, because a job id may be used again once its job has answered.</param>
internal sealed record JobOpened(string JobId, string PersistenceId) : ILedgerEntry;

internal sealed record JobClosed(string JobId) : ILedgerEntry;

internal sealed record IndexSnapshot(JobOpened[] Open) : ILedgerEntry;
