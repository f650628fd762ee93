namespace Engine.Host.Bench;

using Engine.Threading;

/// <summary>
/// This process's CPU time so far, in total and for the threads a metrics run tells apart: the engine's control
/// threads (the coordinator, where the meter is called) and the OpenTelemetry SDK's reader thread (collection
/// and export). Linux: each thread's <c>/proc/self/task/*/schedstat</c>, by its name in <c>comm</c>.
/// </summary>
public sealed record ThreadGroupCpu(double ProcessNanos, long ControlNanos, long ReaderNanos)
{
    /// <summary>The periodic reader's thread, "OpenTelemetry-PeriodicExportingMetricReader", as the kernel cuts it (15 characters).</summary>
    private const string ReaderThread = "OpenTelemetry-P";

    public static ThreadGroupCpu Now()
    {
        var process = Environment.CpuUsage.TotalTime.TotalNanoseconds;
        long control = 0, reader = 0;
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            if (Read(task) is not var (name, nanos))
                continue;
            if (name.StartsWith(EngineThreadNames.Control, StringComparison.Ordinal))
                control += nanos;
            else if (name.StartsWith(ReaderThread, StringComparison.Ordinal))
                reader += nanos;
        }
        return new ThreadGroupCpu(process, control, reader);
    }

    /// <summary>The CPU spent between <paramref name="before"/> and now. A thread that ended meanwhile drops out of the groups, not of the process.</summary>
    public ThreadGroupCpu Since(ThreadGroupCpu before) =>
        new(ProcessNanos - before.ProcessNanos, Math.Max(0, ControlNanos - before.ControlNanos), Math.Max(0, ReaderNanos - before.ReaderNanos));

    private static (string Name, long Nanos)? Read(string task)
    {
        if (!int.TryParse(Path.GetFileName(task), System.Globalization.CultureInfo.InvariantCulture, out var tid))
            return null;
        string name;
        try
        {
            name = File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The thread ended between listing and reading.
            return null;
        }
        return ProcSchedulerProbe.Instance.Sample(tid) is { } sample ? (name, sample.RunNanoseconds) : null;
    }
}
