namespace Engine.Tests.Kernels;

using System.Security.Cryptography;

/// <summary>The hash kernel's definitions written out directly, for whole in-memory data.</summary>
internal static class MerkleReference
{
    /// <summary>Byte <paramref name="offset"/> of the generated data: byte (offset mod 8) of SplitMix64 output offset/8.</summary>
    public static byte GeneratedByte(ulong seed, long offset)
    {
        var z = seed + ((ulong)(offset / 8) + 1) * 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        z ^= z >> 31;
        return (byte)(z >> (int)(8 * (offset % 8)));
    }

    public static byte[] GeneratedBytes(ulong seed, long offset, int length)
    {
        var data = new byte[length];
        for (var i = 0; i < length; i++)
            data[i] = GeneratedByte(seed, offset + i);
        return data;
    }

    /// <summary>SHA-256(0x00 || leaf) of each LeafSize piece of the data; the last piece may be short.</summary>
    public static byte[][] LeafHashes(byte[] data, int leafSize) =>
        data.Chunk(leafSize).Select(leaf => SHA256.HashData([0x00, .. leaf])).ToArray();

    public static byte[] Node(byte[] left, byte[] right) => SHA256.HashData([0x01, .. left, .. right]);

    /// <summary>RFC 6962's Merkle tree hash: split at the largest power of two below the leaf count.</summary>
    public static byte[] Rfc6962Root(ReadOnlySpan<byte[]> leaves)
    {
        if (leaves.Length == 0)
            return SHA256.HashData(Array.Empty<byte>());
        if (leaves.Length == 1)
            return leaves[0];
        var split = 1;
        while (split * 2 < leaves.Length)
            split *= 2;
        return Node(Rfc6962Root(leaves[..split]), Rfc6962Root(leaves[split..]));
    }

    /// <summary>
    /// For leaves numbered from <paramref name="firstLeaf"/>: the largest complete subtrees aligned on
    /// their own size that tile the range, taken greedily from the left, then folded right to left.
    /// </summary>
    public static byte[] AlignedRoot(byte[][] leaves, long firstLeaf)
    {
        var peaks = new List<byte[]>();
        var position = firstLeaf;
        var end = firstLeaf + leaves.Length;
        while (position < end)
        {
            var size = 1L;
            while (position % (size * 2) == 0 && position + size * 2 <= end)
                size *= 2;
            peaks.Add(Subtree(leaves.AsSpan((int)(position - firstLeaf), (int)size)));
            position += size;
        }
        if (peaks.Count == 0)
            return SHA256.HashData(Array.Empty<byte>());
        var root = peaks[^1];
        for (var i = peaks.Count - 2; i >= 0; i--)
            root = Node(peaks[i], root);
        return root;
    }

    private static byte[] Subtree(ReadOnlySpan<byte[]> leaves) => leaves.Length == 1
        ? leaves[0]
        : Node(Subtree(leaves[..(leaves.Length / 2)]), Subtree(leaves[(leaves.Length / 2)..]));

    public static string Hex(byte[] digest) => Convert.ToHexStringLower(digest);
}
