namespace Engine.Kernels.BuiltIn.Burn;

using Engine.Jobs;

/// <summary>
/// Pure CPU work with a uniform cost per item, for clean scaling figures: the stand-in for the kernel's
/// compute-bound jobs (clear_gigantic_page, struct page init) without their memory traffic.
/// Item i runs <see cref="BurnArgs.Rounds"/> dependent SplitMix64 rounds, x = mix(x + gamma) from x = i;
/// the result is the wrapping sum of the final values, so every round feeds the answer and cannot be
/// optimised away, and a sum is the same however the range is split.
/// </summary>
public sealed class BurnKernel : ChunkKernel<BurnArgs, ulong>
{
    public const string Name = "burn";

    // Items between cancellation checks (and progress reports): about a millisecond of work at the default rounds.
    private const long ItemsPerCancellationCheck = 2048;

    public override void Validate(JobSpec spec, BurnArgs arguments)
    {
        if (arguments.Rounds < 1)
            throw new JobSpecException("arguments.rounds", $"needs at least 1 round, got {arguments.Rounds}");
    }

    public override ulong Empty(BurnArgs arguments) => 0;

    public override ulong Run(ChunkRange chunk, BurnArgs arguments, ChunkContext context)
    {
        ulong sum = 0;
        for (var item = chunk.Start; item < chunk.End; item++)
        {
            if ((item - chunk.Start) % ItemsPerCancellationCheck == 0)
            {
                context.Cancellation.ThrowIfCancellationRequested();
                context.ItemsDone(item - chunk.Start);
            }
            sum += Burn(item, arguments.Rounds);
        }
        return sum;
    }

    public override ulong Combine(ulong left, ulong right) => left + right;

    private static ulong Burn(long item, int rounds)
    {
        var x = (ulong)item;
        for (var round = 0; round < rounds; round++)
            x = SplitMix64.Mix(x + SplitMix64.Gamma);
        return x;
    }
}
