namespace Engine.Kernels.BuiltIn.Hash;

/// <summary>
/// The root of a complete subtree over the 2^Height leaves [FirstLeaf, FirstLeaf + 2^Height), where
/// FirstLeaf is a multiple of 2^Height: the only subtrees the canonical tree contains.
/// </summary>
public readonly record struct MerklePeak(long FirstLeaf, int Height, MerkleHash Hash)
{
    public long LeafCount => 1L << Height;

    public long EndLeaf => FirstLeaf + LeafCount;

    /// <summary>True if this peak and <paramref name="right"/> are the two halves of one larger subtree.</summary>
    public bool IsLeftSiblingOf(MerklePeak right) =>
        right.Height == Height && right.FirstLeaf == EndLeaf && FirstLeaf % (2 * LeafCount) == 0;

    public MerklePeak JoinWith(MerklePeak right) => new(FirstLeaf, Height + 1, MerkleHash.OfNode(Hash, right.Hash));
}
