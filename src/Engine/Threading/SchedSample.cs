namespace Engine.Threading;

/// <summary>
/// What the scheduler says of one thread at one moment (/proc/self/task/&lt;tid&gt;/schedstat): nanoseconds spent
/// running, and spent runnable but waiting for a CPU. A thread whose wait time grows about as fast as the
/// clock is starved: it has work and gets no CPU (a SCHED_IDLE helper beside busy threads).
/// </summary>
public readonly record struct SchedSample(long RunNanoseconds, long WaitNanoseconds);

/// <summary>Where the engine reads <see cref="SchedSample"/>s; tests give a fake scheduler.</summary>
public interface ISchedulerProbe
{
    /// <summary>The thread's sample now, or null when the kernel does not say (no schedstat, thread gone).</summary>
    SchedSample? Sample(int threadId);
}
