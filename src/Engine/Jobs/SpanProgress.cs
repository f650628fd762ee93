namespace Engine.Jobs;

/// <summary>
/// Items a running copy of a span has done but not yet reported: its completed chunks plus what the kernel
/// says of the chunk it is in (<see cref="Kernels.ChunkContext.ItemsDone"/>). The coordinator adds these to
/// the job's progress, so a job of long chunks shows progress between reports. One thread writes, any reads.
/// </summary>
public sealed class SpanProgress
{
    private long _completed;
    private long _items;

    /// <summary>Items done in this copy so far.</summary>
    public long Items => Volatile.Read(ref _items);

    /// <summary>The kernel has done <paramref name="items"/> of the chunk it is running.</summary>
    public void InChunk(long items) => Volatile.Write(ref _items, _completed + items);

    /// <summary>A chunk of <paramref name="chunkItems"/> items completed.</summary>
    public void ChunkCompleted(long chunkItems)
    {
        _completed += chunkItems;
        Volatile.Write(ref _items, _completed);
    }
}
