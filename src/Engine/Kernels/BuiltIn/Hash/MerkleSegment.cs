namespace Engine.Kernels.BuiltIn.Hash;

using System.Collections.Immutable;

/// <summary>
/// The Merkle digest of the leaves [FirstLeaf, FirstLeaf + LeafCount): the maximal complete subtrees
/// ("peaks") that tile the range, left to right. Joining adjacent segments only joins sibling peaks at the
/// seam, so the peaks, and hence the <see cref="Root"/>, are the same however the leaves were split.
/// From leaf 0 the root equals the RFC 6962 Merkle tree hash of the leaves.
/// </summary>
public sealed record MerkleSegment
{
    internal MerkleSegment(ImmutableArray<MerklePeak> peaks) => Peaks = peaks;

    /// <summary>No leaves: the identity of <see cref="Then"/>.</summary>
    public static MerkleSegment Empty { get; } = new(ImmutableArray<MerklePeak>.Empty);

    public ImmutableArray<MerklePeak> Peaks { get; }

    public long FirstLeaf => Peaks.IsEmpty ? 0 : Peaks[0].FirstLeaf;

    public long LeafCount => Peaks.IsEmpty ? 0 : Peaks[^1].EndLeaf - FirstLeaf;

    /// <summary>The peaks bagged right to left: node(p0, node(p1, ... node(pn-2, pn-1))).</summary>
    public MerkleHash RootHash
    {
        get
        {
            if (Peaks.IsEmpty)
                return MerkleHash.OfNothing;
            var root = Peaks[^1].Hash;
            for (var i = Peaks.Length - 2; i >= 0; i--)
                root = MerkleHash.OfNode(Peaks[i].Hash, root);
            return root;
        }
    }

    /// <summary>The root digest in lowercase hex.</summary>
    public string Root => RootHash.ToString();

    /// <summary>This segment followed by the adjacent <paramref name="right"/> one.</summary>
    public MerkleSegment Then(MerkleSegment right)
    {
        if (Peaks.IsEmpty)
            return right;
        if (right.Peaks.IsEmpty)
            return this;
        var stack = new PeakStack();
        stack.PushAll(Peaks);
        stack.PushAll(right.Peaks);
        return stack.ToSegment();
    }

    public bool Equals(MerkleSegment? other) => other is not null && Peaks.SequenceEqual(other.Peaks);

    public override int GetHashCode() => HashCode.Combine(FirstLeaf, LeafCount);

    public override string ToString() => $"merkle leaves [{FirstLeaf}, {FirstLeaf + LeafCount}) root {Root}";
}
