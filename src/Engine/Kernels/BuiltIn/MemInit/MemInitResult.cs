namespace Engine.Kernels.BuiltIn.MemInit;

using System.Collections.Immutable;

/// <summary>What a <see cref="MemInitKernel"/> range initialized.</summary>
/// <param name="Checksum">Wrapping sum of the 64-bit words read back after writing.</param>
/// <param name="BytesByNode">Bytes initialized by threads of each NUMA node (-1: the submitter's lane).</param>
public sealed record MemInitResult(ulong Checksum, ImmutableSortedDictionary<int, long> BytesByNode)
{
    public static MemInitResult Empty { get; } = new(0, ImmutableSortedDictionary<int, long>.Empty);

    public long TotalBytes => BytesByNode.Values.Sum();

    /// <summary>Both ranges' work: checksums added (wrapping), bytes added per node.</summary>
    public MemInitResult Plus(MemInitResult other)
    {
        var bytes = BytesByNode.ToBuilder();
        foreach (var (node, count) in other.BytesByNode)
            bytes[node] = bytes.GetValueOrDefault(node) + count;
        return new MemInitResult(Checksum + other.Checksum, bytes.ToImmutable());
    }

    public bool Equals(MemInitResult? other) => other is not null && Checksum == other.Checksum
        && BytesByNode.Count == other.BytesByNode.Count
        && BytesByNode.All(entry => other.BytesByNode.GetValueOrDefault(entry.Key, -1) == entry.Value);

    public override int GetHashCode() => HashCode.Combine(Checksum, BytesByNode.Count);

    public override string ToString() =>
        $"checksum {Checksum:x16}, bytes by node {{{string.Join(", ", BytesByNode.Select(e => $"{e.Key}: {e.Value}"))}}}";
}
