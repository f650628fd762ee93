namespace Engine.Kernels.BuiltIn.MemInit;

using System.Runtime.Intrinsics;

/// <summary>Word loops in the widest vectors the CPU has, shared by the kernel and the bench's plain-thread limit.</summary>
public static unsafe class WideWords
{
    /// <summary>The wrapping sum of <paramref name="count"/> words (a multiple of 8).</summary>
    public static ulong Sum(ulong* words, long count)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var wide = Vector512<ulong>.Zero;
            for (long i = 0; i < count; i += Vector512<ulong>.Count)
                wide += Vector512.Load(words + i);
            return Vector512.Sum(wide);
        }
        var sum = Vector256<ulong>.Zero;
        for (long i = 0; i < count; i += Vector256<ulong>.Count)
            sum += Vector256.Load(words + i);
        return Vector256.Sum(sum);
    }
}
