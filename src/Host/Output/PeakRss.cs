namespace Engine.Host.Output;

/// <summary>The process's peak resident set (VmHWM), or the current working set where /proc is absent.</summary>
public static class PeakRss
{
    public static long Bytes()
    {
        var status = "/proc/self/status";
        if (!File.Exists(status))
            return Environment.WorkingSet;
        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        var kilobytes = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1);
        return long.TryParse(kilobytes, out var kb) ? kb * 1024 : Environment.WorkingSet;
    }
}
