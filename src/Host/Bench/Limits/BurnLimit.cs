namespace Engine.Host.Bench.Limits;

/// <summary>
/// burn's work as a plain loop: each thread runs the SplitMix64 rounds of a contiguous share of the items and
/// sums them. Written out here rather than calling the kernel, so nothing of the engine is on this side; the sum is
/// the job's result and must equal the engine's.
/// </summary>
public static class BurnLimit
{
    public const string What = "plain loop of the burn kernel's rounds, one contiguous share per thread";

    private const ulong Gamma = 0x9E3779B97F4A7C15;

    public static LimitRun Run(long start, long size, int rounds, int threads)
    {
        var (seconds, sums) = PlainThreads.Run(threads, index =>
        {
            var (from, to) = PlainThreads.Share(size, threads, index);
            ulong sum = 0;
            for (var item = start + from; item < start + to; item++)
            {
                var x = (ulong)item;
                for (var round = 0; round < rounds; round++)
                    x = Mix(x + Gamma);
                sum += x;
            }
            return sum;
        });
        return new LimitRun(seconds, sums.Aggregate(0UL, (total, sum) => total + sum));
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}
