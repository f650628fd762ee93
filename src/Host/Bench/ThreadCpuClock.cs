namespace Engine.Host.Bench;

using System.Runtime.InteropServices;

/// <summary>
/// The calling thread's CPU time to the nanosecond (clock_gettime with CLOCK_THREAD_CPUTIME_ID): unlike schedstat,
/// which moves at scheduler ticks, it counts the time run since the last one too.
/// </summary>
public static partial class ThreadCpuClock
{
    private const int ThreadCpuTimeId = 3;

    public static long Nanoseconds()
    {
        if (ClockGetTime(ThreadCpuTimeId, out var time) != 0)
            throw new InvalidOperationException($"clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed: errno {Marshal.GetLastPInvokeError()}");
        return time.Seconds * 1_000_000_000 + time.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static partial int ClockGetTime(int clock, out TimeSpec time);
}
