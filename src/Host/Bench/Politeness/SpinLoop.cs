namespace Engine.Host.Bench.Politeness;

using System.Diagnostics;

/// <summary>
/// The foreground of the politeness bench: one busy thread per CPU (like stress-ng --cpu 0) doing fixed
/// integer work in rounds for a while; its throughput is rounds per second over all threads.
/// </summary>
public static class SpinLoop
{
    private const int StepsPerRound = 100_000;

    public static double RoundsPerSecond(int threads, TimeSpan duration)
    {
        var rounds = new long[threads];
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() => rounds[i] = Spin(duration)) { IsBackground = true }).ToArray();
        var clock = Stopwatch.StartNew();
        foreach (var worker in workers)
            worker.Start();
        foreach (var worker in workers)
            worker.Join();
        return rounds.Sum() / clock.Elapsed.TotalSeconds;
    }

    private static long Spin(TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        long rounds = 0;
        var x = 1UL;
        while (clock.Elapsed < duration)
        {
            for (var i = 0; i < StepsPerRound; i++)
                x = x * 6364136223846793005UL + 1442695040888963407UL;
            rounds++;
        }
        // Keeps the work observable, so it cannot be optimised away.
        return x == 0 ? rounds + 1 : rounds;
    }
}
