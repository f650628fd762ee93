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
        })
        { Name = $"limit-{index}", IsBackground = true }).ToArray();
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
}

/// <summary>
/// [0, count) handed out in grains from one atomic counter: a thread that others' work on the machine slows takes
/// fewer grains, so the limit is what the threads can do together, not what the slowest share allowed. A grain is
/// small enough that the last one ends near the others, large enough that taking one costs nothing measurable.
/// </summary>
public sealed class SharedCursor(long count, long grain)
{
    private long _next;

    public bool TryTake(out long start, out long end)
    {
        start = Interlocked.Add(ref _next, grain) - grain;
        end = Math.Min(start + grain, count);
        return start < count;
    }
}
