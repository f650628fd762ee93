namespace Engine.Threading;

using System.Globalization;

/// <summary>
/// ktask's remedy for a caller left waiting on a helper: raise the helper to the caller's priority. A process
/// that stops waits on its helper threads (to unwind a copy that lost, to reach the runtime's safe points), and
/// a SCHED_IDLE helper beside busy programs gets no CPU to do so; lifted, it finishes at once.
/// </summary>
public static class HelperLift
{
    /// <summary>This process's threads in SCHED_IDLE (in a Host: its helpers, and lanes run like helpers).</summary>
    public static IReadOnlyList<int> IdleThreadsOfThisProcess()
    {
        if (!NativeThread.IsSupported)
            return [];
        return Directory.EnumerateDirectories("/proc/self/task")
            .Select(d => int.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out var tid) ? tid : 0)
            .Where(tid => tid > 0 && LibC.SchedGetScheduler(tid) == LibC.SchedIdle)
            .ToArray();
    }

    /// <summary>Moves these threads to SCHED_OTHER at <paramref name="nice"/>, out of the helpers' cgroup.</summary>
    /// <param name="helperTasksFile">The helpers' cgroup's tasks file, or null where helpers have none.</param>
    /// <returns>How many threads were lifted.</returns>
    public static unsafe int Lift(IEnumerable<int> threadIds, string? helperTasksFile, int nice)
    {
        if (!NativeThread.IsSupported)
            return 0;
        var parentTasks = helperTasksFile is null ? null : Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(helperTasksFile)!)!, "tasks");
        var lifted = 0;
        foreach (var tid in threadIds)
        {
            var priority = 0;
            if (LibC.SchedSetScheduler(tid, LibC.SchedOther, &priority) != 0)
                continue;
            LibC.SetPriority(LibC.PrioProcess, (uint)tid, nice);
            if (parentTasks is not null)
                TryJoin(parentTasks, tid);
            lifted++;
        }
        return lifted;
    }

    private static void TryJoin(string tasksFile, int tid)
    {
        try
        {
            File.AppendAllText(tasksFile, tid.ToString(CultureInfo.InvariantCulture));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The thread stays in the helpers' group, at the caller's priority within it: slower, still lifted.
        }
    }
}
