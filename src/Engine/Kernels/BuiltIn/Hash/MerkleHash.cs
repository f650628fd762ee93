namespace Engine.Kernels.BuiltIn.Hash;

using System.Buffers.Binary;
using System.Security.Cryptography;

/// <summary>
/// A SHA-256 digest held as four words, so it compares by value and crosses the wire without arrays.
/// Leaves and nodes are hashed with distinct prefixes (RFC 6962) so a node can never pass for a leaf.
/// </summary>
public readonly record struct MerkleHash
{
    public const int Size = 32;

    private const byte LeafPrefix = 0x00;
    private const byte NodePrefix = 0x01;

    private readonly ulong _word0;
    private readonly ulong _word1;
    private readonly ulong _word2;
    private readonly ulong _word3;

    private MerkleHash(ReadOnlySpan<byte> digest)
    {
        _word0 = BinaryPrimitives.ReadUInt64BigEndian(digest);
        _word1 = BinaryPrimitives.ReadUInt64BigEndian(digest[8..]);
        _word2 = BinaryPrimitives.ReadUInt64BigEndian(digest[16..]);
        _word3 = BinaryPrimitives.ReadUInt64BigEndian(digest[24..]);
    }

    /// <summary>The root of a tree with no leaves: SHA-256 of nothing (RFC 6962).</summary>
    public static MerkleHash OfNothing { get; } = new(SHA256.HashData(ReadOnlySpan<byte>.Empty));

    /// <summary>SHA-256(0x00 || data), using <paramref name="sha256"/> (a reusable SHA-256 instance).</summary>
    public static MerkleHash OfLeaf(IncrementalHash sha256, ReadOnlySpan<byte> data)
    {
        sha256.AppendData([LeafPrefix]);
        sha256.AppendData(data);
        Span<byte> digest = stackalloc byte[Size];
        sha256.GetHashAndReset(digest);
        return new MerkleHash(digest);
    }

    /// <summary>SHA-256(0x01 || left || right).</summary>
    public static MerkleHash OfNode(MerkleHash left, MerkleHash right)
    {
        Span<byte> input = stackalloc byte[1 + 2 * Size];
        input[0] = NodePrefix;
        left.CopyTo(input.Slice(1, Size));
        right.CopyTo(input.Slice(1 + Size, Size));
        Span<byte> digest = stackalloc byte[Size];
        SHA256.HashData(input, digest);
        return new MerkleHash(digest);
    }

    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _word0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _word1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], _word2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], _word3);
    }

    /// <summary>The digest in lowercase hex, as sha256sum prints it.</summary>
    public override string ToString()
    {
        Span<byte> digest = stackalloc byte[Size];
        CopyTo(digest);
        return Convert.ToHexStringLower(digest);
    }
}
