namespace Engine.Threading;

/// <summary>
/// A cpu_set_t as the kernel reads it: an array of 64-bit words, CPU n at bit n % 64 of word n / 64.
/// Sized from the highest CPU, so machines with more than 64 (or 1024) CPUs work.
/// </summary>
internal static class CpuMask
{
    private const int BitsPerWord = 64;

    public static ulong[] Encode(IReadOnlyList<int> cpus)
    {
        if (cpus.Count == 0)
            throw new ArgumentException("a CPU mask needs at least one CPU", nameof(cpus));
        if (cpus.Any(cpu => cpu < 0))
            throw new ArgumentOutOfRangeException(nameof(cpus), string.Join(",", cpus), "CPU numbers are non-negative");

        var words = new ulong[cpus.Max() / BitsPerWord + 1];
        foreach (var cpu in cpus)
            words[cpu / BitsPerWord] |= 1UL << (cpu % BitsPerWord);
        return words;
    }

    public static int[] Decode(ReadOnlySpan<ulong> words)
    {
        var cpus = new List<int>();
        for (var word = 0; word < words.Length; word++)
            for (var bit = 0; bit < BitsPerWord; bit++)
                if ((words[word] & (1UL << bit)) != 0)
                    cpus.Add(word * BitsPerWord + bit);
        return [.. cpus];
    }
}
