namespace Engine.Threading;

/// <summary>
/// A fixed number of background threads that each apply one <see cref="ThreadPlacement"/> to themselves
/// when they start (nice and affinity are per thread on Linux and set by the thread itself), then run work
/// items in FIFO order. Idle threads block. A throwing work item is reported to the failure callback and the
/// thread carries on. <see cref="Dispose"/> refuses new items, lets queued ones finish and joins the threads.
/// </summary>
public sealed class DedicatedThreadPool : IDisposable
{
    [ThreadStatic] private static int? t_node;

    private readonly BlockingWorkQueue _queue = new();
    private readonly Thread[] _threads;
    private readonly AppliedPlacement[] _placements;
    private readonly Action<Exception> _onWorkItemFailed;
    private int _disposed;

    /// <param name="onWorkItemFailed">Called on the pool thread with whatever a work item threw.</param>
    public DedicatedThreadPool(ThreadPlacement placement, int threadCount, Action<Exception> onWorkItemFailed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        Placement = placement;
        _onWorkItemFailed = onWorkItemFailed;
        _placements = new AppliedPlacement[threadCount];
        var names = Enumerable.Range(0, threadCount).Select(placement.ThreadName).ToArray();

        // Wait until every thread has placed itself, so ThreadIds and Placements are complete on return.
        using var placed = new CountdownEvent(threadCount);
        _threads = names.Select((name, index) => new Thread(() => Run(index, name, placed))
        {
            Name = name,
            IsBackground = true,
        }).ToArray();
        foreach (var thread in _threads)
            thread.Start();
        placed.Wait();
    }

    /// <summary>The node of the pool thread calling this, or -1 on any other thread.</summary>
    public static int CurrentNode => t_node ?? -1;

    public ThreadPlacement Placement { get; }

    /// <summary>Kernel thread ids (as in <c>ps -L</c>), in thread index order; -1 each where not Linux.</summary>
    public IReadOnlyList<int> ThreadIds => _placements.Select(p => p.ThreadId).ToArray();

    /// <summary>What each thread managed to apply of <see cref="Placement"/>.</summary>
    public IReadOnlyList<AppliedPlacement> Placements => _placements;

    /// <summary>Queues an item; false once the pool is disposed.</summary>
    public bool TryQueue(IThreadPoolWorkItem item) => _queue.TryAdd(item);

    public bool TryQueue(Action work) => _queue.TryAdd(new ActionWorkItem(work));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        _queue.Complete();
        // A pool thread may dispose its own pool (e.g. Akka shutting an executor down from one of its
        // threads); it stops after the current item and must not wait for itself.
        foreach (var thread in _threads.Where(t => t != Thread.CurrentThread))
            thread.Join();
    }

    private void Run(int index, string name, CountdownEvent placed)
    {
        try
        {
            t_node = Placement.NodeId >= 0 ? Placement.NodeId : null;
            _placements[index] = Placement.ApplyToCurrentThread(name);
        }
        finally
        {
            placed.Signal();
        }

        while (_queue.TryTake(out var item))
        {
            try
            {
                item.Execute();
            }
            catch (Exception e)
            {
                _onWorkItemFailed(e);
            }
        }
    }

    private sealed class ActionWorkItem(Action work) : IThreadPoolWorkItem
    {
        public void Execute() => work();
    }
}
