namespace Engine.Kernels;

using Engine.Jobs;

/// <summary>What a kernel sees when it runs one chunk.</summary>
/// <param name="JobId">The job the chunk belongs to.</param>
/// <param name="Chunk">The items to process.</param>
/// <param name="Arguments">The job's arguments, already validated by the kernel.</param>
/// <param name="Node">The NUMA node of the thread running the chunk (-1 for the submitter's lane).</param>
/// <param name="Cancellation">Cancelled when the job is cancelled, times out or fails elsewhere.</param>
public sealed record ChunkContext(string JobId, ChunkRange Chunk, object? Arguments, int Node, CancellationToken Cancellation);
