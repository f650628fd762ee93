namespace Engine.Kernels.BuiltIn;

/// <summary>
/// Steele, Lea and Flood's SplitMix64: a counter stepped by the golden gamma and mixed by a 64-bit
/// finalizer. Cheap, stateless per value, and a known stream, so any item can be computed on its own.
/// </summary>
internal static class SplitMix64
{
    public const ulong Gamma = 0x9E3779B97F4A7C15;

    public static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }

    /// <summary>The <paramref name="index"/>-th output (from 0) of the stream seeded with <paramref name="seed"/>.</summary>
    public static ulong Output(ulong seed, ulong index) => Mix(seed + (index + 1) * Gamma);
}
