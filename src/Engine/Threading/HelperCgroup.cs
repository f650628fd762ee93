namespace Engine.Threading;

using Engine.Topology;

/// <summary>
/// A cgroup v1 cpu group beside nothing but the engine's helper threads, marked <c>cpu.idle = 1</c> (or, on
/// kernels before 5.15, the least <c>cpu.shares</c>). Nice and SCHED_IDLE order threads only inside one
/// scheduling group, and with autogroup every session is its own group: a helper at nice 19 in a daemon's
/// session still takes half the machine from a user's shell. A group of its own makes the helpers yield to
/// every other group, while the rest of the process keeps its place. Needs write access to the process's
/// cgroup (root, or a delegated subtree); cgroup v2 lets threads move only inside a threaded subtree, which
/// the engine does not set up, so there this is not attempted.
/// </summary>
public static class HelperCgroup
{
    public const string GroupName = "engine-helpers";

    private static readonly string[] V1CpuMounts = ["/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/cpuacct,cpu"];

    /// <summary>Creates (or reuses) the group under the process's cpu cgroup; returns its tasks file, or why there is none.</summary>
    public static (string? TasksFile, string Why) Prepare(string systemRoot)
    {
        var files = new RootedSystemFiles(systemRoot);
        if (files.ReadText(CgroupCpuLimitsReader.ProcSelfCgroup) is not { } text)
            return (null, $"no {CgroupCpuLimitsReader.ProcSelfCgroup}");
        var cgroups = ProcessCgroups.Parse(text, CgroupCpuLimitsReader.ProcSelfCgroup);
        if (cgroups.V1Path("cpu") is not { } path)
            return (null, "no cgroup v1 cpu controller (cgroup v2 moves threads only within a threaded subtree)");
        if (V1CpuMounts.FirstOrDefault(m => files.ReadText($"{m}/cpu.shares") is not null) is not { } mount)
            return (null, "the cgroup v1 cpu controller is not mounted where expected");
        var parent = mount + path.TrimEnd('/');
        var group = $"{parent}/{GroupName}";
        try
        {
            Directory.CreateDirectory(Real(systemRoot, group));
            var idle = files.ReadText($"{parent}/cpu.idle") is not null;
            File.WriteAllText(Real(systemRoot, $"{group}/{(idle ? "cpu.idle" : "cpu.shares")}"), idle ? "1" : "2");
            return ($"{Real(systemRoot, group)}/tasks", $"helpers join {group} ({(idle ? "cpu.idle = 1" : "cpu.shares = 2")})");
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return (null, $"cannot write {group}: {e.Message}");
        }
    }

    /// <summary>
    /// Moves the calling thread into the group. It writes 0 (the writer itself) rather than its thread id: a
    /// move by id takes the kernel's cgroup_threadgroup_rwsem for writing (an RCU grace period, and every
    /// fork, thread start and exit on the machine waits), a move of the writer itself needs no such lock.
    /// </summary>
    public static NativeCallResult JoinCurrentThread(string tasksFile)
    {
        var operation = $"join {tasksFile}";
        if (!NativeThread.IsSupported)
            return NativeCallResult.Unsupported(operation);
        try
        {
            File.AppendAllText(tasksFile, "0");
            return NativeCallResult.Ok(operation);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return NativeCallResult.Failed(operation, e.Message);
        }
    }

    private static string Real(string systemRoot, string path) => Path.Join(systemRoot, path.TrimStart('/'));
}
