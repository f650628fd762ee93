namespace Engine.Tests.Threading;

using System.Collections.Concurrent;
using Engine.Threading;

public sealed class DedicatedThreadPoolTests : IDisposable
{
    /// <summary>setpriority(2) refuses to lower nice without CAP_SYS_NICE with EACCES, not EPERM.</summary>
    private const int EACCES = 13;

    private readonly ConcurrentQueue<Exception> _unexpectedFailures = new();

    /// <summary>Work items in these tests never throw unless the test says so.</summary>
    public void Dispose() => Assert.Empty(_unexpectedFailures);

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void Threads_of_a_nice_19_pool_pinned_to_one_cpu_run_there_at_nice_19_under_their_names(int cpu)
    {
        var sights = new ConcurrentBag<ThreadSight>();
        var placement = new ThreadPlacement($"eng-c{cpu}-h", 0, [cpu], 19);

        var pool = new DedicatedThreadPool(placement, 2, _unexpectedFailures.Enqueue);
        for (var i = 0; i < 8; i++)
            pool.TryQueue(() => sights.Add(ThreadSight.Here()));
        var tids = pool.ThreadIds;
        var seenFromOutside = tids.Select(tid => ThreadStat.Read(tid)).ToArray();
        pool.Dispose();

        Assert.All(pool.Placements, p => Assert.True(p.Complete, p.ToString()));
        Assert.Equal(8, sights.Count);
        Assert.All(sights, sight =>
        {
            Assert.Equal(19, sight.Stat.Nice);
            Assert.Equal(cpu, sight.Stat.Processor);
            Assert.Equal([cpu], sight.Affinity);
            Assert.Equal(0, sight.Node);
            Assert.Contains(sight.Stat.ThreadId, tids);
            Assert.Contains(sight.Stat.Comm, new[] { $"eng-c{cpu}-h0", $"eng-c{cpu}-h1" });
        });
        // What ps -eLo tid,ni,psr,comm shows for the pool's threads.
        Assert.Equal([$"eng-c{cpu}-h0", $"eng-c{cpu}-h1"], seenFromOutside.Select(s => s.Comm));
        Assert.All(seenFromOutside, s => Assert.Equal(19, s.Nice));
    }

    [Fact]
    public void A_normal_pool_created_by_a_niced_thread_runs_at_the_process_nice_or_reports_EACCES()
    {
        var processNice = NativeThread.ProcessNice();
        var (sight, placements) = IsolatedThread.Run(() =>
        {
            Assert.True(NativeThread.SetCurrentThreadNice(19).Succeeded);
            var placement = new ThreadPlacement("eng-norm-", -1, NativeThread.ProcessAffinity(), processNice);
            return RunOnceOn(placement);
        });

        if (Environment.IsPrivilegedProcess)
        {
            Assert.Equal(processNice, sight.Stat.Nice);
            Assert.All(placements, p => Assert.True(p.Complete, p.ToString()));
        }
        else
        {
            // Unprivileged threads cannot lower nice: the pool says so instead of pretending.
            Assert.Equal(19, sight.Stat.Nice);
            Assert.All(placements, p => Assert.Contains(p.Failures, f => f.Errno == EACCES));
        }
    }

    [Fact]
    public void A_pool_that_cannot_lower_its_inherited_nice_reports_EACCES_and_still_runs_work()
    {
        var (sight, placements) = IsolatedThread.Run(() =>
        {
            Assert.True(NativeThread.SetCurrentThreadNice(19).Succeeded);
            CapabilityDrop.SysNiceFromCurrentThread();
            return RunOnceOn(new ThreadPlacement("eng-eperm-", -1, null, 0));
        });

        Assert.Equal(19, sight.Stat.Nice);
        var failure = Assert.Single(Assert.Single(placements).Failures);
        Assert.Equal(EACCES, failure.Errno);
        Assert.Contains("nice 0", failure.Operation);
    }

    [Fact]
    public void Threads_of_an_idle_pool_use_no_cpu_time()
    {
        using var pool = new DedicatedThreadPool(new ThreadPlacement("eng-idle-", -1, null, 19), 2, _unexpectedFailures.Enqueue);
        var before = pool.ThreadIds.Sum(tid => ThreadStat.Read(tid).CpuTicks);

        Thread.Sleep(TimeSpan.FromSeconds(1));

        var after = pool.ThreadIds.Sum(tid => ThreadStat.Read(tid).CpuTicks);
        Assert.InRange(after - before, 0, 2);
    }

    [Fact]
    public void A_throwing_work_item_is_reported_and_its_thread_runs_the_items_after_it()
    {
        var failures = new ConcurrentQueue<Exception>();
        var ranOn = new ConcurrentQueue<int>();
        var pool = new DedicatedThreadPool(new ThreadPlacement("eng-throw-", -1, null, 19), 1, failures.Enqueue);

        pool.TryQueue(() => throw new InvalidOperationException("chunk failed"));
        pool.TryQueue(() => ranOn.Enqueue(NativeThread.CurrentThreadId()));
        pool.TryQueue(() => throw new InvalidOperationException("chunk failed again"));
        pool.TryQueue(() => ranOn.Enqueue(NativeThread.CurrentThreadId()));
        pool.Dispose();

        Assert.Equal(["chunk failed", "chunk failed again"], failures.Select(f => f.Message));
        Assert.Equal([pool.ThreadIds[0], pool.ThreadIds[0]], ranOn);
    }

    [Fact]
    public void Work_items_run_in_the_order_they_were_queued()
    {
        var order = new ConcurrentQueue<int>();
        var pool = new DedicatedThreadPool(new ThreadPlacement("eng-fifo-", -1, null, 19), 1, _unexpectedFailures.Enqueue);

        for (var i = 0; i < 200; i++)
        {
            var item = i;
            pool.TryQueue(() => order.Enqueue(item));
        }
        pool.Dispose();

        Assert.Equal(Enumerable.Range(0, 200), order);
    }

    [Fact]
    public void Current_node_is_the_pools_node_on_its_threads_and_minus_one_elsewhere()
    {
        var nodes = new ConcurrentQueue<int>();
        var pool = new DedicatedThreadPool(new ThreadPlacement("eng-node-", 3, null, 19), 1, _unexpectedFailures.Enqueue);

        pool.TryQueue(() => nodes.Enqueue(DedicatedThreadPool.CurrentNode));
        pool.Dispose();

        Assert.Equal([3], nodes);
        Assert.Equal(-1, DedicatedThreadPool.CurrentNode);
    }

    [Fact]
    public async Task Dispose_finishes_queued_items_ends_the_threads_and_refuses_new_items()
    {
        var ran = 0;
        using var gate = new ManualResetEventSlim();
        var pool = new DedicatedThreadPool(new ThreadPlacement("eng-stop-", -1, null, 19), 2, _unexpectedFailures.Enqueue);
        pool.TryQueue(gate.Wait);
        for (var i = 0; i < 10; i++)
            pool.TryQueue(() => Interlocked.Increment(ref ran));

        var disposing = Task.Run(pool.Dispose);
        gate.Set();
        await disposing;

        Assert.Equal(10, ran);
        Assert.False(pool.TryQueue(() => Interlocked.Increment(ref ran)));
        // Join returns when the managed thread is done; the kernel removes the task a moment later.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (pool.ThreadIds.Any(tid => Directory.Exists($"/proc/self/task/{tid}")) && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.All(pool.ThreadIds, tid => Assert.False(Directory.Exists($"/proc/self/task/{tid}")));
    }

    [Fact]
    public void A_thread_name_linux_would_cut_is_refused_before_any_thread_starts()
    {
        var placement = new ThreadPlacement("engine-helper-n", 0, null, 19);

        Assert.Throws<ArgumentException>(() => new DedicatedThreadPool(placement, 1, _unexpectedFailures.Enqueue));
    }

    private (ThreadSight Sight, IReadOnlyList<AppliedPlacement> Placements) RunOnceOn(ThreadPlacement placement)
    {
        ThreadSight? sight = null;
        var pool = new DedicatedThreadPool(placement, 1, _unexpectedFailures.Enqueue);
        pool.TryQueue(() => sight = ThreadSight.Here());
        pool.Dispose();
        return (sight!, pool.Placements);
    }
}
