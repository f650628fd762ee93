namespace Engine.Kernels;

using Engine.Jobs;

/// <summary>
/// The untyped face of a kernel, used by the engine. Write kernels by deriving from
/// <see cref="ChunkKernel{TArgs,TResult}"/>; this interface exists so the engine can hold kernels of any type.
/// </summary>
public interface IChunkKernel
{
    /// <summary>Types that may cross the wire for this kernel (arguments and partial results).</summary>
    IReadOnlyList<Type> WireTypes { get; }

    /// <summary>Arguments and results may be written to the job journal (they serialize like the wire's), so its jobs can resume.</summary>
    bool Persistable { get; }

    /// <summary>Throws <see cref="JobSpecException"/> naming the field if the arguments are unusable.</summary>
    void Validate(JobSpec spec);

    /// <summary>The result of zero items: the identity of <see cref="Combine"/>.</summary>
    object? Empty(object? arguments);

    object? Run(ChunkContext context);

    /// <summary>Combines the results of two adjacent ranges, left before right. Must be associative.</summary>
    object? Combine(object? left, object? right);

    bool HasUndo { get; }

    /// <summary>
    /// A chunk may run twice at once (a copy beside a starved or late one; the first result counts, the other
    /// is stopped). False for kernels whose side effects must not happen twice: they are only ever taken back
    /// before they start.
    /// </summary>
    bool MayRunTwice { get; }

    /// <summary>Reverts a completed chunk after the job failed. Must not fail (ktask's undo).</summary>
    void Undo(ChunkContext context);
}
