namespace Engine.Threading;

using System.Runtime.InteropServices;

/// <summary>
/// Per-thread OS priority and CPU affinity on Linux, where both belong to the thread, not the process:
/// <c>Thread.Priority</c> does nothing there, so this calls libc. Setters act on the calling thread and
/// return what happened (an unprivileged thread may raise its nice but never lower it: EACCES). Queries
/// throw <see cref="NativeThreadException"/> on failure. Off Linux the setters do nothing and say so.
/// </summary>
public static class NativeThread
{
    /// <summary>Largest cpu_set_t tried when the kernel's CPU count is unknown: 1,048,576 CPUs.</summary>
    private const int MaxMaskWords = 1 << 14;

    /// <summary>glibc's CPU_SETSIZE (1024 CPUs): enough on most machines, grown on EINVAL.</summary>
    private const int InitialMaskWords = 16;

    public static bool IsSupported => OperatingSystem.IsLinux();

    /// <summary>The kernel's id of the calling thread (gettid), as shown by <c>ps -L</c> and /proc/self/task.</summary>
    public static int CurrentThreadId()
    {
        RequireLinux();
        return LibC.GetTid();
    }

    /// <summary>Nice of any thread of this process, by kernel thread id.</summary>
    public static int GetNice(int tid)
    {
        RequireLinux();
        // -1 is a valid nice, so only errno tells a failure apart (the import clears errno first).
        var nice = LibC.GetPriority(LibC.PrioProcess, (uint)tid);
        var errno = Marshal.GetLastPInvokeError();
        if (nice == -1 && errno != 0)
            throw new NativeThreadException($"getpriority({tid})", errno);
        return nice;
    }

    /// <summary>Nice of the main thread (its tid is the pid): the priority the process was started with.</summary>
    public static int ProcessNice() => GetNice(Environment.ProcessId);

    public static NativeCallResult SetCurrentThreadNice(int nice)
    {
        var operation = $"setpriority(nice {nice})";
        if (!IsSupported)
            return NativeCallResult.Unsupported(operation);
        return LibC.SetPriority(LibC.PrioProcess, (uint)LibC.GetTid(), nice) == 0
            ? NativeCallResult.Ok(operation)
            : NativeCallResult.Failed(operation, Marshal.GetLastPInvokeError());
    }

    public static unsafe NativeCallResult SetCurrentThreadAffinity(IReadOnlyList<int> cpus)
    {
        var operation = $"sched_setaffinity(cpus {string.Join(",", cpus)})";
        var mask = CpuMask.Encode(cpus);
        if (!IsSupported)
            return NativeCallResult.Unsupported(operation);
        fixed (ulong* words = mask)
        {
            // pid 0 is the calling thread.
            return LibC.SchedSetAffinity(0, (nuint)(mask.Length * sizeof(ulong)), words) == 0
                ? NativeCallResult.Ok(operation)
                : NativeCallResult.Failed(operation, Marshal.GetLastPInvokeError());
        }
    }

    /// <summary>
    /// Puts the calling thread in SCHED_IDLE: it runs only when nothing else on its CPU wants to, weaker than
    /// nice 19, and needs no privilege (only leaving it does).
    /// </summary>
    public static unsafe NativeCallResult SetCurrentThreadIdleClass()
    {
        const string operation = "sched_setscheduler(SCHED_IDLE)";
        if (!IsSupported)
            return NativeCallResult.Unsupported(operation);
        var priority = 0;
        return LibC.SchedSetScheduler(0, LibC.SchedIdle, &priority) == 0
            ? NativeCallResult.Ok(operation)
            : NativeCallResult.Failed(operation, Marshal.GetLastPInvokeError());
    }

    /// <summary>The scheduling policy of a thread of this process: 0 SCHED_OTHER, 5 SCHED_IDLE, ...</summary>
    public static int GetSchedulingPolicy(int tid)
    {
        RequireLinux();
        var policy = LibC.SchedGetScheduler(tid);
        if (policy < 0)
            throw new NativeThreadException($"sched_getscheduler({tid})", Marshal.GetLastPInvokeError());
        return policy;
    }

    /// <summary>Whether this process leads its own session (started by setsid or as a daemon): its autogroup is its own.</summary>
    public static bool LeadsItsSession()
    {
        RequireLinux();
        return LibC.GetSid(0) == Environment.ProcessId;
    }

    public static IReadOnlyList<int> GetCurrentThreadAffinity() => GetAffinity(0);

    /// <summary>The main thread's CPUs: what a thread of this process may use unless someone narrowed it.</summary>
    public static IReadOnlyList<int> ProcessAffinity() => GetAffinity(Environment.ProcessId);

    /// <summary>The CPU the calling thread is running on right now.</summary>
    public static int CurrentCpu()
    {
        RequireLinux();
        var cpu = LibC.SchedGetCpu();
        if (cpu < 0)
            throw new NativeThreadException("sched_getcpu", Marshal.GetLastPInvokeError());
        return cpu;
    }

    /// <summary>Sets the kernel's name (comm) of the calling thread: at most 15 bytes, else ERANGE.</summary>
    public static NativeCallResult SetCurrentThreadName(string name)
    {
        var operation = $"pthread_setname_np({name})";
        if (!IsSupported)
            return NativeCallResult.Unsupported(operation);
        var error = LibC.PthreadSetName(LibC.PthreadSelf(), name);
        return error == 0 ? NativeCallResult.Ok(operation) : NativeCallResult.Failed(operation, error);
    }

    private static unsafe int[] GetAffinity(int pid)
    {
        RequireLinux();
        // The kernel refuses (EINVAL) a mask smaller than its own CPU count, which we cannot know up front.
        for (var length = InitialMaskWords; length <= MaxMaskWords; length *= 2)
        {
            var mask = new ulong[length];
            fixed (ulong* words = mask)
            {
                if (LibC.SchedGetAffinity(pid, (nuint)(length * sizeof(ulong)), words) == 0)
                    return CpuMask.Decode(mask);
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != LibC.EINVAL)
                throw new NativeThreadException($"sched_getaffinity({pid})", errno);
        }
        throw new NativeThreadException($"sched_getaffinity({pid}) with a {MaxMaskWords * 64}-CPU mask", LibC.EINVAL);
    }

    private static void RequireLinux()
    {
        if (!IsSupported)
            throw new PlatformNotSupportedException("per-thread ids, nice and affinity are read through Linux calls");
    }
}
