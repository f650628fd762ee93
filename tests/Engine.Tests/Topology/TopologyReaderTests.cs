namespace Engine.Tests.Topology;

using Engine.Topology;

public sealed class TopologyReaderTests : IDisposable
{
    private readonly FakeSysfs sysfs = new();

    public void Dispose() => sysfs.Dispose();

    private MachineTopology Read() => new TopologyReader(sysfs.Files).Read();

    [Fact]
    public void TopologyReader_reads_every_node_with_its_cpus()
    {
        sysfs.WithNodes(4, 16);

        var topology = Read();

        Assert.Equal([0, 1, 2, 3], topology.Nodes.Select(n => n.Id));
        Assert.All(topology.Nodes, n => Assert.Equal(Enumerable.Range(n.Id * 16, 16), n.Cpus));
        Assert.Equal(64, topology.AllowedCpus.Count);
        Assert.Null(topology.CpuQuota);
    }

    [Fact]
    public void TopologyReader_leaves_an_offline_cpu_out_of_its_node()
    {
        sysfs.WithNodes(2, 4).WithOnline("0-4,6-7");

        var topology = Read();

        Assert.Equal([0, 1, 2, 3], topology.Node(0).Cpus);
        Assert.Equal([4, 6, 7], topology.Node(1).Cpus);
        Assert.Contains("cpu 5 offline", topology.Notes);
    }

    [Fact]
    public void TopologyReader_takes_the_cgroup_v2_quota_and_rounds_usable_cpus_up()
    {
        sysfs.WithNodes(1, 8).WithCgroupV2("/engine.slice/job", cpuMax: "350000 100000");

        var topology = Read();

        Assert.Equal(3.5, topology.CpuQuota);
        Assert.Equal(4, topology.UsableCpus);
        Assert.Equal(8, topology.AllowedCpus.Count);
        Assert.Contains(topology.Notes, n => n.StartsWith("cgroup v2 cpu.max 350000/100000 = 3.5 CPUs", StringComparison.Ordinal));
    }

    [Fact]
    public void TopologyReader_narrows_nodes_to_a_cgroup_v1_cpuset()
    {
        sysfs.WithNodes(2, 4).WithCgroupV1("/batch", cpusetCpus: "0-5");

        var topology = Read();

        Assert.Equal([0, 1, 2, 3], topology.Node(0).Cpus);
        Assert.Equal([4, 5], topology.Node(1).Cpus);
        Assert.Contains("cpus 6-7 outside the cgroup cpuset", topology.Notes);
    }

    [Fact]
    public void TopologyReader_keeps_only_the_cpus_of_the_affinity_mask()
    {
        sysfs.WithNodes(2, 4).WithAffinity("0");

        var topology = Read();

        var node = Assert.Single(topology.Nodes);
        Assert.Equal(0, node.Id);
        Assert.Equal([0], node.Cpus);
        Assert.Equal(1, topology.UsableCpus);
    }

    [Fact]
    public void TopologyReader_leaves_out_a_node_the_cgroup_cpuset_excludes()
    {
        sysfs.WithNodes(2, 4).WithCgroupV2("/pinned", cpusetEffective: "0-3");

        var topology = Read();

        Assert.False(topology.HasNode(1));
        Assert.Equal([0, 1, 2, 3], topology.AllowedCpus);
        Assert.Contains(topology.Notes, n => n.StartsWith("node 1 left out", StringComparison.Ordinal));
    }

    [Fact]
    public void TopologyReader_without_sysfs_gives_one_node_of_ProcessorCount_cpus()
    {
        var topology = Read();

        var node = Assert.Single(topology.Nodes);
        Assert.Equal(Environment.ProcessorCount, node.Cpus.Count);
        Assert.Contains(topology.Notes, n => n.Contains("Environment.ProcessorCount", StringComparison.Ordinal));
    }

    [Fact]
    public void TopologyReader_without_numa_sysfs_makes_node_0_of_the_online_cpus()
    {
        sysfs.WithOnline("0-3").WithAffinity("2-3");

        var topology = Read();

        var node = Assert.Single(topology.Nodes);
        Assert.Equal(0, node.Id);
        Assert.Equal([2, 3], node.Cpus);
    }

    [Fact]
    public void TopologyReader_rejects_a_corrupt_node_cpulist_naming_the_file()
    {
        sysfs.WithNodes(2, 4).Write("/sys/devices/system/node/node1/cpulist", "4-x\n");

        var error = Assert.Throws<FormatException>(Read);

        Assert.Contains("/sys/devices/system/node/node1/cpulist", error.Message);
    }

    [Fact]
    public void TopologyReader_follows_an_affinity_change_when_read_again()
    {
        sysfs.WithNodes(1, 4).WithAffinity("0-3");
        var reader = new TopologyReader(sysfs.Files);
        var before = reader.Read();

        sysfs.WithAffinity("1");
        var after = reader.Read();

        Assert.Equal(4, before.AllowedCpus.Count);
        Assert.Equal([1], after.AllowedCpus);
    }

    [Fact]
    public void TopologyReader_finds_at_least_one_node_with_a_cpu_on_the_real_machine()
    {
        var topology = new TopologyReader(new RootedSystemFiles("/")).Read();

        Assert.NotEmpty(topology.Nodes);
        Assert.All(topology.Nodes, n => Assert.NotEmpty(n.Cpus));
        Assert.InRange(topology.UsableCpus, 1, topology.AllowedCpus.Count);
    }
}
