namespace Engine.Topology;

using System.Globalization;

/// <summary>
/// Reads the CPU quota and cpuset of the process's cgroup (v2, v1 or hybrid) through
/// <see cref="ISystemFiles"/>. Every existing directory from the process's own cgroup up to the mount's
/// root counts, because a parent's limit binds its children, and because a container often sees its own
/// cgroup mounted as the root while /proc/self/cgroup still names the host's path.
/// </summary>
public sealed class CgroupCpuLimitsReader(ISystemFiles files)
{
    public const string ProcSelfCgroup = "/proc/self/cgroup";

    /// <summary>Where the v2 hierarchy is mounted: alone (unified) or beside v1 (hybrid).</summary>
    private static readonly string[] UnifiedMounts = ["/sys/fs/cgroup", "/sys/fs/cgroup/unified"];

    private static readonly string[] V1CpuMounts = ["/sys/fs/cgroup/cpu", "/sys/fs/cgroup/cpu,cpuacct", "/sys/fs/cgroup/cpuacct,cpu"];

    private static readonly string[] V1CpusetMounts = ["/sys/fs/cgroup/cpuset"];

    /// <summary>The kernel's default CFS period when a file omits it.</summary>
    private const long DefaultPeriodUs = 100_000;

    public CgroupCpuLimits Read()
    {
        var text = files.ReadText(ProcSelfCgroup);
        if (text is null)
            return new CgroupCpuLimits(null, null, [$"no {ProcSelfCgroup}: no cgroup limits"]);

        var cgroups = ProcessCgroups.Parse(text, ProcSelfCgroup);
        var findings = new Findings();
        if (cgroups.UnifiedPath is { } unifiedPath && UnifiedMount() is { } unifiedMount)
        {
            foreach (var dir in Ancestry(unifiedMount, unifiedPath, findings))
            {
                ReadCpuMax(dir, findings);
                ReadCpuset($"{dir}/cpuset.cpus.effective", "cgroup v2", findings);
            }
        }
        if (cgroups.V1Path("cpu") is { } cpuPath && FirstExisting(V1CpuMounts) is { } cpuMount)
        {
            foreach (var dir in Ancestry(cpuMount, cpuPath, findings))
                ReadCfsQuota(dir, findings);
        }
        if (cgroups.V1Path("cpuset") is { } cpusetPath && FirstExisting(V1CpusetMounts) is { } cpusetMount)
        {
            foreach (var dir in Ancestry(cpusetMount, cpusetPath, findings))
                ReadCpuset($"{dir}/cpuset.cpus", "cgroup v1", findings);
        }
        if (findings.Quota is null && findings.Cpuset is null)
            findings.Notes.Add("cgroup: no CPU quota or cpuset found");
        return new CgroupCpuLimits(findings.Quota, findings.Cpuset, findings.Notes.ToArray());
    }

    private string? UnifiedMount() => UnifiedMounts.FirstOrDefault(m => files.Exists($"{m}/cgroup.controllers"));

    private string? FirstExisting(IEnumerable<string> mounts) => mounts.FirstOrDefault(files.Exists);

    /// <summary>The cgroup's directory and its ancestors up to the mount, deepest first, those that exist.</summary>
    private List<string> Ancestry(string mount, string cgroupPath, Findings findings)
    {
        var dirs = new List<string>();
        var parts = cgroupPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var depth = parts.Length; depth >= 0; depth--)
        {
            var dir = depth == 0 ? mount : $"{mount}/{string.Join('/', parts.Take(depth))}";
            if (files.Exists(dir))
                dirs.Add(dir);
            else if (depth == parts.Length)
                findings.Notes.Add($"cgroup dir {dir} missing: reading its nearest existing ancestor");
        }
        return dirs;
    }

    private void ReadCpuMax(string dir, Findings findings)
    {
        var path = $"{dir}/cpu.max";
        if (files.ReadText(path) is not { } text)
            return;
        var fields = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is < 1 or > 2)
            throw new FormatException($"{path}: '{text.Trim()}' is not '$MAX $PERIOD'");
        if (fields[0] == "max")
            return;
        var quota = Number(fields[0], path, text);
        var period = fields.Length == 2 ? Number(fields[1], path, text) : DefaultPeriodUs;
        findings.AddQuota(quota, period, $"cgroup v2 cpu.max {quota}/{period}", path);
    }

    private void ReadCfsQuota(string dir, Findings findings)
    {
        var quotaPath = $"{dir}/cpu.cfs_quota_us";
        if (files.ReadText(quotaPath) is not { } quotaText || quotaText.Trim() == "-1")
            return;
        var quota = Number(quotaText.Trim(), quotaPath, quotaText);
        var periodPath = $"{dir}/cpu.cfs_period_us";
        var period = files.ReadText(periodPath) is { } periodText ? Number(periodText.Trim(), periodPath, periodText) : DefaultPeriodUs;
        findings.AddQuota(quota, period, $"cgroup v1 cpu.cfs_quota_us/cpu.cfs_period_us {quota}/{period}", dir);
    }

    private void ReadCpuset(string path, string version, Findings findings)
    {
        if (files.ReadText(path) is not { } text)
            return;
        var cpus = CpuList.Parse(text, path);
        // An empty cpuset cannot hold a running process; it means "not set here".
        if (cpus.Count == 0)
            return;
        findings.AddCpuset(cpus, $"{version} {Path.GetFileName(path)} {CpuList.Format(cpus)} ({path})");
    }

    private static long Number(string field, string path, string text) =>
        long.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : throw new FormatException($"{path}: '{text.Trim()}' holds '{field}', not a positive number of microseconds");

    /// <summary>Limits gathered so far: the smallest quota and the intersection of cpusets win.</summary>
    private sealed class Findings
    {
        public double? Quota { get; private set; }

        public IReadOnlyList<int>? Cpuset { get; private set; }

        public List<string> Notes { get; } = [];

        public void AddQuota(long quotaUs, long periodUs, string what, string source)
        {
            var cpus = (double)quotaUs / periodUs;
            Notes.Add($"{what} = {cpus.ToString("0.###", CultureInfo.InvariantCulture)} CPUs ({source})");
            Quota = Quota is { } known ? Math.Min(known, cpus) : cpus;
        }

        public void AddCpuset(IReadOnlyList<int> cpus, string note)
        {
            Notes.Add(note);
            Cpuset = Cpuset is { } known ? known.Intersect(cpus).ToArray() : cpus;
        }
    }
}
