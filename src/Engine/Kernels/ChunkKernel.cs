namespace Engine.Kernels;

using Engine.Jobs;

/// <summary>
/// Base class for a user's kernel: a chunk function from a range of items to a partial result, and an
/// associative <see cref="Combine"/> that folds adjacent results in chunk order, so a job's result never
/// depends on which helper ran what (e.g. a sum, a digest tree, a list concatenation).
/// </summary>
public abstract class ChunkKernel<TArgs, TResult> : IChunkKernel
{
    public virtual IReadOnlyList<Type> WireTypes => [typeof(TArgs), typeof(TResult)];

    /// <summary>
    /// Results go to the job journal through the same serializer and allow-list as the wire, so a kernel whose
    /// wire types cover its arguments and results may have its jobs journalled. Override with false for results
    /// that must not be written to disk.
    /// </summary>
    public virtual bool Persistable => WireTypes.Contains(typeof(TArgs)) && WireTypes.Contains(typeof(TResult));

    /// <summary>Override to reject bad arguments by throwing <see cref="JobSpecException"/>.</summary>
    public virtual void Validate(JobSpec spec, TArgs arguments) { }

    public abstract TResult Empty(TArgs arguments);

    public abstract TResult Run(ChunkRange chunk, TArgs arguments, ChunkContext context);

    public abstract TResult Combine(TResult left, TResult right);

    public virtual bool HasUndo => false;

    /// <summary>By default a kernel with undo (side effects) never runs a chunk twice; override to say otherwise.</summary>
    public virtual bool MayRunTwice => !HasUndo;

    public virtual void Undo(ChunkRange chunk, TArgs arguments) { }

    void IChunkKernel.Validate(JobSpec spec) => Validate(spec, Arguments(spec.Arguments));

    object? IChunkKernel.Empty(object? arguments) => Empty(Arguments(arguments));

    object? IChunkKernel.Run(ChunkContext context) => Run(context.Chunk, Arguments(context.Arguments), context);

    object? IChunkKernel.Combine(object? left, object? right) => Combine((TResult)left!, (TResult)right!);

    void IChunkKernel.Undo(ChunkContext context) => Undo(context.Chunk, Arguments(context.Arguments));

    private static TArgs Arguments(object? arguments) => arguments switch
    {
        TArgs typed => typed,
        null when default(TArgs) is null => default!,
        null => throw new JobSpecException("arguments", $"this kernel needs arguments of type {typeof(TArgs).Name}"),
        _ => throw new JobSpecException("arguments",
            $"expected {typeof(TArgs).Name}, got {arguments.GetType().Name}"),
    };
}
