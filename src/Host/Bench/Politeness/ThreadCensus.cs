namespace Engine.Host.Bench.Politeness;

using System.Globalization;
using Engine.Threading;

/// <summary>
/// How another engine process's threads really run, read from /proc: nice, scheduling class and cpu cgroup of
/// its helpers and lanes, and its autogroup. What the politeness report states is observed, not configured.
/// </summary>
public static class ThreadCensus
{
    public static string Describe(int pid) =>
        $"helpers {Threads(pid, EngineThreadNames.Helpers)}; lanes {Threads(pid, EngineThreadNames.Lane)}; {Autogroup(pid)}";

    private static string Threads(int pid, string prefix)
    {
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                var tid = int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture);
                var stat = ThreadStat.Read(pid, tid);
                if (!stat.Comm.StartsWith(prefix, StringComparison.Ordinal))
                    continue;
                var policy = stat.Policy == ThreadStat.SchedIdle ? "SCHED_IDLE" : stat.Policy == 0 ? "SCHED_OTHER" : $"policy {stat.Policy}";
                seen.Add($"nice {stat.Nice} {policy} cgroup {CpuCgroup(task)}");
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                // A thread that ended while being read.
            }
        }
        return seen.Count == 0 ? "(none)" : string.Join(" | ", seen);
    }

    private static string CpuCgroup(string task) => File.ReadAllLines($"{task}/cgroup")
        .Select(line => line.Split(':', 3))
        .FirstOrDefault(f => f.Length == 3 && f[1].Split(',').Contains("cpu"))?[2]
        ?? File.ReadAllLines($"{task}/cgroup").Select(l => l.Split(':', 3)).FirstOrDefault(f => f.Length == 3 && f[0] == "0")?[2]
        ?? "?";

    private static string Autogroup(int pid)
    {
        var file = $"/proc/{pid}/autogroup";
        return File.Exists(file) ? $"autogroup {File.ReadAllText(file).Trim()}" : "no autogroup";
    }
}
