namespace Engine.Host.Bench.Limits;

using System.Diagnostics;

/// <summary>
/// N ordinary threads started together, each running its own share, timed from the moment all may start to the
/// moment the last one ends: the no-engine side of a limit. No pool, no pinning, no priorities.
/// </summary>
public static class PlainThreads
{
    public static (double Seconds, T[] Results) Run<T>(int threads, Func<int, T> share)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var results = new T[threads];
        var failures = new Exception?[threads];
        using var ready = new CountdownEvent(threads);
        using var go = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, threads).Select(index => new Thread(() =>
        {
            ready.Signal();
            go.Wait();
            try
            {
                results[index] = share(index);
            }
            catch (Exception e)
            {
                failures[index] = e;
            }
        }) { Name = $"limit-{index}", IsBackground = true }).ToArray();
        foreach (var worker in workers)
            worker.Start();
        ready.Wait();
        var clock = Stopwatch.StartNew();
        go.Set();
        foreach (var worker in workers)
            worker.Join();
        var seconds = clock.Elapsed.TotalSeconds;
        if (failures.FirstOrDefault(f => f is not null) is { } failure)
            throw new InvalidOperationException($"a limit thread failed: {failure.Message}", failure);
        return (seconds, results);
    }

    /// <summary>Thread <paramref name="index"/>'s part of [0, count) when it is cut in <paramref name="threads"/> near-equal parts.</summary>
    public static (long Start, long End) Share(long count, int threads, int index) =>
        (count * index / threads, count * (index + 1) / threads);
}
