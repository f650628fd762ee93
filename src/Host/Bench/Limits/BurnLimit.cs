namespace Engine.Host.Bench.Limits;

/// <summary>
/// burn's work as a plain loop: each thread takes grains of items from a <see cref="SharedCursor"/> (about a
/// millisecond each at the default rounds), runs their SplitMix64 rounds and sums them. Written out here rather than calling the kernel, so nothing of the engine is on this side; the sum is
/// the job's result and must equal the engine's.
/// </summary>
public static class BurnLimit
{
    public const string What = "plain loop of the burn kernel's rounds on each thread, items taken 2,048 at a time from a shared counter";

    private const long GrainItems = 2048;

    private const ulong Gamma = 0x9E3779B97F4A7C15;

    public static LimitRun Run(long start, long size, int rounds, int threads)
    {
        var cursor = new SharedCursor(size, GrainItems);
        var (seconds, sums) = PlainThreads.Run(threads, _ =>
        {
            ulong sum = 0;
            while (cursor.TryTake(out var from, out var to))
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
