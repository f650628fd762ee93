namespace Engine.Kernels.BuiltIn;

using Engine.Jobs;

/// <summary>
/// Pure CPU work for clean scaling figures, the user-space stand-in for the kernel's page-init loops:
/// item i is mixed <see cref="BurnArgs.Rounds"/> times with SplitMix64's finalizer, seeded by i, and the
/// outputs are summed (wrapping). Every item costs the same and the sum depends on every round, so
/// nothing can be optimized away and any split gives the same answer.
/// </summary>
public sealed class BurnKernel : ChunkKernel<BurnArgs?, ulong>
{
    public const string Name = "burn";

    public override void Validate(JobSpec spec, BurnArgs? arguments)
    {
        if (arguments is { Rounds: < 1 })
            throw new JobSpecException("arguments.rounds", $"must be >= 1, was {arguments.Rounds}");
    }

    public override ulong Empty(BurnArgs? arguments) => 0;

    public override ulong Run(ChunkRange chunk, BurnArgs? arguments, ChunkContext context)
    {
        var rounds = (arguments ?? new BurnArgs()).Rounds;
        ulong sum = 0;
        for (var item = chunk.Start; item < chunk.End; item++)
            sum += Burn((ulong)item, rounds);
        return sum;
    }

    public override ulong Combine(ulong left, ulong right) => left + right;

    /// <summary>One item's work, also the single-threaded reference.</summary>
    public static ulong Burn(ulong seed, int rounds)
    {
        var x = seed;
        for (var r = 0; r < rounds; r++)
        {
            x += 0x9E3779B97F4A7C15UL;
            var z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            x = z ^ (z >> 31);
        }
        return x;
    }
}
