namespace Engine.Jobs;

/// <summary>Why a job ended without a result.</summary>
public enum JobFailureKind
{
    /// <summary>The spec or the kernel's arguments were rejected; nothing ran.</summary>
    InvalidSpec,
    /// <summary>A chunk threw; completed chunks were undone.</summary>
    ChunkFailed,
    Cancelled,
    TimedOut,
    /// <summary>The member coordinating the job left the cluster.</summary>
    CoordinatorLost,
}
