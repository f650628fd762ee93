namespace Engine.Tests.Topology;

using Engine.Topology;

public sealed class CgroupCpuLimitsReaderTests : IDisposable
{
    private readonly FakeSysfs sysfs = new();

    public void Dispose() => sysfs.Dispose();

    private CgroupCpuLimits Read() => new CgroupCpuLimitsReader(sysfs.Files).Read();

    [Fact]
    public void CgroupCpuLimits_reads_no_quota_from_cpu_max_max()
    {
        sysfs.WithCgroupV2("/app", cpuMax: "max 100000");

        Assert.Null(Read().CpuQuota);
    }

    [Fact]
    public void CgroupCpuLimits_lets_a_parents_quota_bind_its_child()
    {
        sysfs.WithCgroupV2("/parent/child", cpuMax: "max 100000").Write("/sys/fs/cgroup/parent/cpu.max", "200000 100000\n");

        Assert.Equal(2.0, Read().CpuQuota);
    }

    [Fact]
    public void CgroupCpuLimits_keeps_the_tightest_quota_and_cpuset_along_the_path()
    {
        sysfs.WithCgroupV2("/parent/child", cpuMax: "200000 100000", cpusetEffective: "2-3")
            .Write("/sys/fs/cgroup/parent/cpu.max", "400000 100000\n")
            .Write("/sys/fs/cgroup/parent/cpuset.cpus.effective", "0-7\n");

        var limits = Read();

        Assert.Equal(2.0, limits.CpuQuota);
        Assert.Equal([2, 3], limits.Cpuset);
    }

    [Fact]
    public void CgroupCpuLimits_walks_up_when_a_container_sees_its_own_cgroup_as_the_root()
    {
        sysfs.WithCgroupV2("/").Write("/proc/self/cgroup", "0::/kubepods/pod1/abc\n").Write("/sys/fs/cgroup/cpu.max", "150000 100000\n");

        var limits = Read();

        Assert.Equal(1.5, limits.CpuQuota);
        Assert.Contains(limits.Notes, n => n.StartsWith("cgroup dir /sys/fs/cgroup/kubepods/pod1/abc missing", StringComparison.Ordinal));
    }

    [Fact]
    public void CgroupCpuLimits_reads_a_v1_cfs_quota_over_its_period()
    {
        sysfs.WithCgroupV1("/batch", cfsQuotaUs: "50000", cfsPeriodUs: "20000");

        var limits = Read();

        Assert.Equal(2.5, limits.CpuQuota);
        Assert.Contains(limits.Notes, n => n.StartsWith("cgroup v1 cpu.cfs_quota_us/cpu.cfs_period_us 50000/20000 = 2.5 CPUs", StringComparison.Ordinal));
    }

    [Fact]
    public void CgroupCpuLimits_reads_no_quota_from_a_v1_quota_of_minus_one()
    {
        sysfs.WithCgroupV1("/batch", cfsQuotaUs: "-1");

        Assert.Null(Read().CpuQuota);
    }

    [Fact]
    public void CgroupCpuLimits_reads_separate_v1_cpu_and_cpuset_hierarchies()
    {
        sysfs.Write("/proc/self/cgroup", "3:cpuset:/set\n1:cpu:/quota\n0::/\n")
            .Write("/sys/fs/cgroup/cpu/quota/cpu.cfs_quota_us", "100000\n")
            .Write("/sys/fs/cgroup/cpu/quota/cpu.cfs_period_us", "100000\n")
            .Write("/sys/fs/cgroup/cpuset/set/cpuset.cpus", "1\n");

        var limits = Read();

        Assert.Equal(1.0, limits.CpuQuota);
        Assert.Equal([1], limits.Cpuset);
    }

    [Fact]
    public void CgroupCpuLimits_without_proc_self_cgroup_has_no_limits()
    {
        var limits = Read();

        Assert.Null(limits.CpuQuota);
        Assert.Null(limits.Cpuset);
    }

    [Fact]
    public void CgroupCpuLimits_rejects_a_corrupt_cpu_max_naming_the_file()
    {
        sysfs.WithCgroupV2("/app", cpuMax: "lots 100000");

        var error = Assert.Throws<FormatException>(Read);

        Assert.StartsWith("/sys/fs/cgroup/app/cpu.max: ", error.Message);
    }
}
