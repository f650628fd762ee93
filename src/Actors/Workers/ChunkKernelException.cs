namespace Engine.Actors.Workers;

using Engine.Jobs;

/// <summary>Thrown by a helper after reporting a failed chunk, so its supervisor restarts it with clean state.</summary>
public sealed class ChunkKernelException(string jobId, ChunkRange chunk, Exception inner)
    : Exception($"job {jobId}: {chunk} failed", inner);
