namespace Engine.Tests.Threading;

using Engine.Threading;

/// <summary>What the calling thread sees of itself: the kernel's stat line, its affinity and its pool node.</summary>
internal sealed record ThreadSight(ThreadStat Stat, IReadOnlyList<int> Affinity, int Node)
{
    public static ThreadSight Here() => new(
        ThreadStat.Read(NativeThread.CurrentThreadId()),
        NativeThread.GetCurrentThreadAffinity(),
        DedicatedThreadPool.CurrentNode);
}
