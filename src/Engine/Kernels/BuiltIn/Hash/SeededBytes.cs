namespace Engine.Kernels.BuiltIn.Hash;

using System.Buffers.Binary;

/// <summary>
/// Deterministic test data of any length: the byte at offset o is byte (o mod 8) of the little-endian
/// (o / 8)-th output of SplitMix64 seeded with the seed. Any range can be generated on its own, quickly,
/// so hashing generated data costs no I/O and a file of the same bytes hashes to the same root.
/// </summary>
public static class SeededBytes
{
    /// <summary>Writes the bytes at offsets [offset, offset + destination.Length) into <paramref name="destination"/>.</summary>
    public static void Fill(ulong seed, long offset, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var written = 0;
        while (written < destination.Length)
        {
            var position = offset + written;
            var word = SplitMix64.Output(seed, (ulong)(position >> 3));
            var byteInWord = (int)(position & 7);
            if (byteInWord == 0 && destination.Length - written >= sizeof(ulong))
            {
                BinaryPrimitives.WriteUInt64LittleEndian(destination[written..], word);
                written += sizeof(ulong);
            }
            else
            {
                destination[written] = (byte)(word >> (8 * byteInWord));
                written++;
            }
        }
    }
}
