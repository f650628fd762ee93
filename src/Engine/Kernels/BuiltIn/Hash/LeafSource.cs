namespace Engine.Kernels.BuiltIn.Hash;

using Engine.Jobs;

/// <summary>Where a chunk's bytes come from: a file mapped into memory, or bytes generated on the spot.</summary>
internal abstract class LeafSource : IDisposable
{
    public static LeafSource Open(HashArgs arguments, ChunkRange chunk) => arguments.Path is { } path
        ? new MappedFileLeafSource(path, chunk.Start, chunk.Length)
        : new SeededLeafSource(arguments.Seed, arguments.LeafSize);

    /// <summary>The bytes at [offset, offset + length), valid until the next call or <see cref="Dispose"/>.</summary>
    public abstract ReadOnlySpan<byte> Read(long offset, int length);

    public abstract void Dispose();
}
