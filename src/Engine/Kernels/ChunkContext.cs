namespace Engine.Kernels;

using Engine.Jobs;

/// <summary>What a kernel sees when it runs one chunk.</summary>
/// <param name="JobId">The job the chunk belongs to.</param>
/// <param name="Chunk">The items to process.</param>
/// <param name="Arguments">The job's arguments, already validated by the kernel.</param>
/// <param name="Node">The NUMA node of the thread running the chunk (-1 for the submitter's lane).</param>
/// <param name="Cancellation">Cancelled when the job is cancelled, times out or fails elsewhere.</param>
/// <param name="Progress">Where <see cref="ItemsDone"/> goes; null when nobody watches this chunk's progress.</param>
public sealed record ChunkContext(string JobId, ChunkRange Chunk, object? Arguments, int Node, CancellationToken Cancellation,
    SpanProgress? Progress = null)
{
    /// <summary>
    /// Optional: <paramref name="items"/> of this chunk are done so far, so the job's progress moves inside a
    /// long chunk (one memory store; call it about as often as you check <see cref="Cancellation"/>).
    /// </summary>
    public void ItemsDone(long items) => Progress?.InChunk(Math.Clamp(items, 0, Chunk.Length));
}
