namespace Engine.Kernels.BuiltIn.Hash;

internal sealed class SeededLeafSource(ulong seed) : LeafSource
{
    public override void Read(long offset, Span<byte> destination) => SeededBytes.Fill(seed, offset, destination);
}
