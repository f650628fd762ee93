namespace Engine.Tests.Topology;

using Engine.Topology;

/// <summary>
/// A fake /sys and /proc in a temp directory, built up fluently; <see cref="Files"/> reads it the way
/// the engine reads the real machine.
/// </summary>
public sealed class FakeSysfs : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("fake-sysfs-").FullName;

    public ISystemFiles Files => new RootedSystemFiles(root);

    /// <summary>The fake tree's root directory, for <see cref="EngineSettings.SystemRoot"/>.</summary>
    public string Root => root;

    /// <summary>Nodes of consecutive CPUs (node 1 holds CPUs n..2n-1), all online.</summary>
    public FakeSysfs WithNodes(int nodes, int cpusPerNode)
    {
        for (var node = 0; node < nodes; node++)
            Write($"/sys/devices/system/node/node{node}/cpulist", $"{node * cpusPerNode}-{(node + 1) * cpusPerNode - 1}\n");
        Write("/sys/devices/system/node/online", nodes == 1 ? "0\n" : $"0-{nodes - 1}\n");
        for (var cpu = 0; cpu < nodes * cpusPerNode; cpu++)
            Directory.CreateDirectory(Resolve($"/sys/devices/system/cpu/cpu{cpu}"));
        return WithOnline(CpuList.Format(Enumerable.Range(0, nodes * cpusPerNode)));
    }

    public FakeSysfs WithOnline(string cpulist) => Write("/sys/devices/system/cpu/online", cpulist + "\n");

    public FakeSysfs WithAffinity(string cpulist) =>
        Write("/proc/self/status", $"Name:\tEngine\nState:\tR (running)\nCpus_allowed:\tff\nCpus_allowed_list:\t{cpulist}\nMems_allowed_list:\t0\n");

    /// <summary>A pure cgroup v2 machine with the process in <paramref name="path"/>.</summary>
    public FakeSysfs WithCgroupV2(string path, string? cpuMax = null, string? cpusetEffective = null)
    {
        Write("/proc/self/cgroup", $"0::{path}\n");
        Write("/sys/fs/cgroup/cgroup.controllers", "cpuset cpu io memory pids\n");
        var dir = "/sys/fs/cgroup" + path.TrimEnd('/');
        Directory.CreateDirectory(Resolve(dir));
        if (cpuMax is not null)
            Write($"{dir}/cpu.max", cpuMax + "\n");
        if (cpusetEffective is not null)
            Write($"{dir}/cpuset.cpus.effective", cpusetEffective + "\n");
        return this;
    }

    /// <summary>
    /// A hybrid cgroup v1 machine (unified hierarchy at /sys/fs/cgroup/unified, no controllers there),
    /// the process in <paramref name="path"/> of the cpu,cpuacct and cpuset hierarchies.
    /// </summary>
    public FakeSysfs WithCgroupV1(string path, string? cfsQuotaUs = null, string? cfsPeriodUs = null, string? cpusetCpus = null)
    {
        Write("/proc/self/cgroup", $"9:name=systemd:{path}\n4:cpu,cpuacct:{path}\n3:cpuset:{path}\n0::{path}\n");
        Write("/sys/fs/cgroup/unified/cgroup.controllers", "\n");
        var cpuDir = "/sys/fs/cgroup/cpu,cpuacct" + path.TrimEnd('/');
        var cpusetDir = "/sys/fs/cgroup/cpuset" + path.TrimEnd('/');
        Directory.CreateDirectory(Resolve(cpuDir));
        Directory.CreateDirectory(Resolve(cpusetDir));
        Write($"{cpuDir}/cpu.cfs_quota_us", (cfsQuotaUs ?? "-1") + "\n");
        Write($"{cpuDir}/cpu.cfs_period_us", (cfsPeriodUs ?? "100000") + "\n");
        if (cpusetCpus is not null)
            Write($"{cpusetDir}/cpuset.cpus", cpusetCpus + "\n");
        return this;
    }

    public FakeSysfs WithPowerSupply(string name, string type, string? online = null, string? status = null, string? scope = null)
    {
        var dir = $"/sys/class/power_supply/{name}";
        Write($"{dir}/type", type + "\n");
        if (online is not null)
            Write($"{dir}/online", online + "\n");
        if (status is not null)
            Write($"{dir}/status", status + "\n");
        if (scope is not null)
            Write($"{dir}/scope", scope + "\n");
        return this;
    }

    public FakeSysfs WithGovernor(int cpu, string governor, string driver = "acpi-cpufreq")
    {
        Write($"/sys/devices/system/cpu/cpu{cpu}/cpufreq/scaling_governor", governor + "\n");
        return Write($"/sys/devices/system/cpu/cpu{cpu}/cpufreq/scaling_driver", driver + "\n");
    }

    /// <summary>Writes any file of the fake tree, e.g. a corrupt one.</summary>
    public FakeSysfs Write(string path, string text)
    {
        var file = Resolve(path);
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text);
        return this;
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private string Resolve(string path) => Path.Join(root, path.TrimStart('/'));
}
