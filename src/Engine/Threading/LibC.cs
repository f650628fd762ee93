namespace Engine.Threading;

using System.Runtime.InteropServices;

/// <summary>The libc calls behind <see cref="NativeThread"/>; Linux only. Errno-setting calls capture errno.</summary>
internal static unsafe partial class LibC
{
    private const string Library = "libc";

    /// <summary>setpriority/getpriority "which": the "who" is a thread id (Linux nice is per thread).</summary>
    public const int PrioProcess = 0;

    public const int EINVAL = 22;

    /// <summary>sched_setscheduler policies (linux/sched.h).</summary>
    public const int SchedOther = 0;
    public const int SchedIdle = 5;

    [LibraryImport(Library, EntryPoint = "gettid")]
    public static partial int GetTid();

    [LibraryImport(Library, EntryPoint = "getpriority", SetLastError = true)]
    public static partial int GetPriority(int which, uint who);

    [LibraryImport(Library, EntryPoint = "setpriority", SetLastError = true)]
    public static partial int SetPriority(int which, uint who, int prio);

    [LibraryImport(Library, EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static partial int SchedSetAffinity(int pid, nuint cpuSetSize, ulong* mask);

    [LibraryImport(Library, EntryPoint = "sched_getaffinity", SetLastError = true)]
    public static partial int SchedGetAffinity(int pid, nuint cpuSetSize, ulong* mask);

    /// <summary>pid 0: the calling thread; the parameter is a struct sched_param (one int, 0 for SCHED_IDLE).</summary>
    [LibraryImport(Library, EntryPoint = "sched_setscheduler", SetLastError = true)]
    public static partial int SchedSetScheduler(int pid, int policy, int* param);

    [LibraryImport(Library, EntryPoint = "sched_getscheduler", SetLastError = true)]
    public static partial int SchedGetScheduler(int pid);

    [LibraryImport(Library, EntryPoint = "getsid", SetLastError = true)]
    public static partial int GetSid(int pid);

    [LibraryImport(Library, EntryPoint = "sched_getcpu", SetLastError = true)]
    public static partial int SchedGetCpu();

    [LibraryImport(Library, EntryPoint = "pthread_self")]
    public static partial nuint PthreadSelf();

    /// <summary>Returns an error number (not errno); the name must fit in 16 bytes with its NUL.</summary>
    [LibraryImport(Library, EntryPoint = "pthread_setname_np", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int PthreadSetName(nuint thread, string name);
}
