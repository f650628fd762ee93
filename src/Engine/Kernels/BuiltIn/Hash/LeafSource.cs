namespace Engine.Kernels.BuiltIn.Hash;

/// <summary>Where a chunk's bytes come from: a file read at offsets, or generated on the spot.</summary>
internal abstract class LeafSource : IDisposable
{
    public static LeafSource Open(HashArgs arguments) => arguments.Path is { } path
        ? new FileLeafSource(path)
        : new SeededLeafSource(arguments.Seed);

    /// <summary>Fills <paramref name="destination"/> with the bytes at [offset, offset + destination.Length).</summary>
    public abstract void Read(long offset, Span<byte> destination);

    public virtual void Dispose() { }
}
