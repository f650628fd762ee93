namespace Engine.Threading;

using System.Diagnostics.CodeAnalysis;

/// <summary>
/// FIFO of work items for a fixed set of threads. Takers block in <see cref="Monitor.Wait(object)"/> while it
/// is empty, so idle threads sleep in the kernel instead of spinning. After <see cref="Complete"/> no item is
/// accepted, the ones already queued are still handed out, then every taker is told to stop.
/// </summary>
internal sealed class BlockingWorkQueue
{
    private readonly Queue<IThreadPoolWorkItem> _items = new();
    private bool _completed;

    public bool TryAdd(IThreadPoolWorkItem item)
    {
        lock (_items)
        {
            if (_completed)
                return false;
            _items.Enqueue(item);
            Monitor.Pulse(_items);
            return true;
        }
    }

    /// <summary>Blocks until an item is there (true) or the queue is completed and empty (false).</summary>
    public bool TryTake([NotNullWhen(true)] out IThreadPoolWorkItem? item)
    {
        lock (_items)
        {
            while (_items.Count == 0)
            {
                if (_completed)
                {
                    item = null;
                    return false;
                }
                Monitor.Wait(_items);
            }
            item = _items.Dequeue();
            return true;
        }
    }

    public void Complete()
    {
        lock (_items)
        {
            _completed = true;
            Monitor.PulseAll(_items);
        }
    }
}
