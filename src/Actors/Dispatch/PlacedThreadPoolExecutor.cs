namespace Engine.Actors.Dispatch;

using Akka.Dispatch;
using Engine.Threading;

/// <summary>An Akka executor over a <see cref="DedicatedThreadPool"/>: mailboxes run on placed threads.</summary>
internal sealed class PlacedThreadPoolExecutor(string id, DedicatedThreadPool pool) : ExecutorService(id)
{
    public override void Execute(IRunnable run)
    {
        // Akka's Dispatcher retries a rejected run on the executor that replaced this one.
        if (!pool.TryQueue(run))
            throw new RejectedExecutionException($"placed thread pool of dispatcher [{Id}] is shut down");
    }

    public override void Shutdown() => pool.Dispose();
}
