namespace Engine.Actors.Dispatch;

using System.Globalization;
using Akka.Configuration;
using Engine.Threading;

/// <summary>
/// The <c>placed-thread-pool { thread-count, nice, cpus = [..], node, name, idle, cgroup-tasks }</c> block of a dispatcher's
/// config, read and written in one place so both sides agree. A missing nice or CPU list means the
/// process's own, never the creating thread's: Akka builds executors lazily on whichever thread first
/// dispatches, which may be a niced, pinned pool thread whose settings a new thread would inherit.
/// </summary>
public sealed record PlacedThreadPoolSettings
{
    public const string Section = "placed-thread-pool";

    private const string DefaultNamePrefix = "eng-pool-";

    public PlacedThreadPoolSettings(ThreadPlacement placement, int threadCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threadCount, 1);
        Placement = placement;
        ThreadCount = threadCount;
    }

    public ThreadPlacement Placement { get; }

    public int ThreadCount { get; }

    /// <param name="dispatcher">The whole dispatcher config, holding the <see cref="Section"/> block.</param>
    public static PlacedThreadPoolSettings FromDispatcherConfig(Config dispatcher)
    {
        var pool = dispatcher.GetConfig(Section);
        if (pool.IsNullOrEmpty())
            throw new ConfigurationException(
                $"dispatcher [{dispatcher.GetString("id", "unknown")}] uses a placed thread pool but has no '{Section}' block");

        var cpus = pool.HasPath("cpus") ? pool.GetIntList("cpus") : null;
        var placement = new ThreadPlacement(
            pool.GetString("name", DefaultNamePrefix),
            pool.GetInt("node", -1),
            cpus is { Count: > 0 } ? cpus.ToArray() : ProcessCpus(),
            pool.HasPath("nice") ? pool.GetInt("nice") : ProcessNice())
        {
            IdleClass = pool.GetBoolean("idle", false),
            CgroupTasksFile = pool.HasPath("cgroup-tasks") ? pool.GetString("cgroup-tasks") : null,
        };
        return new PlacedThreadPoolSettings(placement, pool.GetInt("thread-count", 0));
    }

    /// <summary>The <see cref="Section"/> block; a null nice or CPU list is left out (see the type's remarks).</summary>
    public Config ToConfig()
    {
        var lines = new List<string>
        {
            $"thread-count = {ThreadCount.ToString(CultureInfo.InvariantCulture)}",
            $"node = {Placement.NodeId.ToString(CultureInfo.InvariantCulture)}",
            $"name = {HoconString.Quote(Placement.NamePrefix)}",
        };
        if (Placement.Nice is { } nice)
            lines.Add($"nice = {nice.ToString(CultureInfo.InvariantCulture)}");
        lines.Add($"idle = {(Placement.IdleClass ? "on" : "off")}");
        if (Placement.CgroupTasksFile is { } tasks)
            lines.Add($"cgroup-tasks = {HoconString.Quote(tasks)}");
        if (Placement.Cpus is { } cpus)
            lines.Add($"cpus = [{string.Join(", ", cpus.Select(c => c.ToString(CultureInfo.InvariantCulture)))}]");
        return ConfigurationFactory.ParseString($"{Section} {{\n{string.Join("\n", lines)}\n}}");
    }

    private static int? ProcessNice() => NativeThread.IsSupported ? NativeThread.ProcessNice() : null;

    private static IReadOnlyList<int>? ProcessCpus() => NativeThread.IsSupported ? NativeThread.ProcessAffinity() : null;
}
