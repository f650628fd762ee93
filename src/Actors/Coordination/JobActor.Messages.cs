namespace Engine.Actors.Coordination;

using Engine.Jobs;
using Engine.Kernels;
using Engine.Planning;

// Between the coordinator (admission and routing) and the actor of one job.

/// <summary>Everything a job actor starts from: the accepted, validated and planned job.</summary>
/// <param name="RememberedItemTicks">The kernel's item time from an earlier job with the same arguments, if any.</param>
/// <param name="Detached">The job does not end with its submitter (see <see cref="SubmitJob.Detached"/>).</param>
internal sealed record JobStart(string JobId, JobSpec Spec, IChunkKernel Kernel, ChunkPlan Plan, IReadOnlyList<NodePart> Parts,
    bool ReportProgress, int LocalNode, double? RememberedItemTicks, bool Detached);

/// <summary>
/// The job gave its one answer: the coordinator forgets it (its id may be used again) and stops its actor
/// after whatever was routed to it before. Sent before the answer, so a submitter that reacts to the answer
/// (a new job with the same id) is always seen after it.
/// </summary>
/// <param name="RunTicks">Time spent on the job's completed chunks, for the kernel's remembered item time (0: none).</param>
/// <param name="Answer">The job's <see cref="JobCompleted"/> or <see cref="JobFailed"/>, kept for whoever asks by id later;
/// null for a resumed job that did not run again.</param>
internal sealed record JobEnded(string JobId, string Kernel, object? Arguments, long RunTicks, long ItemsDone, object? Answer);
