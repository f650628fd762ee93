namespace Engine.Tests.Jobs;

using Engine.Jobs;
using Engine.Kernels;
using Engine.Tests.Support;
using Engine.Topology;

public class JobSpecValidatorTests
{
    private static readonly MachineTopology TwoNodes = new(
        [new NumaNode(0, [0, 1]), new NumaNode(1, [2, 3])], [0, 1, 2, 3], null, []);

    private static KernelRegistry Kernels()
    {
        var registry = new KernelRegistry();
        registry.Register("sum", new SumKernel());
        return registry;
    }

    private static string RejectedField(JobSpec spec) =>
        Assert.Throws<JobSpecException>(() => JobSpecValidator.Validate(spec, Kernels(), TwoNodes)).Field;

    [Fact]
    public void A_good_spec_gets_its_kernel() =>
        Assert.IsType<SumKernel>(JobSpecValidator.Validate(new JobSpec("sum", 0, 100, arguments: 1L), Kernels(), TwoNodes));

    [Theory]
    [InlineData("start", -1, 10, 1, 1, 1)]
    [InlineData("size", 0, -5, 1, 1, 1)]
    [InlineData("size", long.MaxValue, 1, 1, 1, 1)]
    [InlineData("align", 0, 10, 0, 1, 1)]
    [InlineData("minChunk", 0, 10, 1, -1, 1)]
    [InlineData("maxHelpers", 0, 10, 1, 1, -1)]
    public void Each_bad_number_is_named(string field, long start, long size, long align, long minChunk, int helpers) =>
        Assert.Equal(field, RejectedField(new JobSpec("sum", start, size, align, minChunk, helpers)));

    [Fact]
    public void The_message_carries_the_bad_value()
    {
        var error = Assert.Throws<JobSpecException>(() =>
            JobSpecValidator.Validate(new JobSpec("sum", -42, 1), Kernels(), TwoNodes));
        Assert.Contains("-42", error.Message);
    }

    [Fact]
    public void An_unknown_kernel_is_named_with_the_registered_ones()
    {
        var error = Assert.Throws<JobSpecException>(() =>
            JobSpecValidator.Validate(new JobSpec("nope", 0, 1), Kernels(), TwoNodes));
        Assert.Equal("kernel", error.Field);
        Assert.Contains("sum", error.Message);
    }

    [Fact]
    public void A_node_that_does_not_exist_is_named_by_its_position()
    {
        Assert.Equal("placement.nodes[1]",
            RejectedField(new JobSpec("sum", 0, 10, placement: Placement.Nodes(new NodeShare(0), new NodeShare(5)))));
        Assert.Equal("placement.nodes[0]",
            RejectedField(new JobSpec("sum", 0, 10, placement: Placement.Nodes(new NodeShare(1, 0)))));
        Assert.Equal("placement.nodes[1]",
            RejectedField(new JobSpec("sum", 0, 10, placement: Placement.Nodes(new NodeShare(1), new NodeShare(1)))));
        Assert.Equal("placement.nodes", RejectedField(new JobSpec("sum", 0, 10, placement: Placement.Nodes())));
    }

    [Fact]
    public void Arguments_the_kernel_rejects_are_named()
    {
        Assert.Equal("arguments", RejectedField(new JobSpec("sum", 0, 10, arguments: -1L)));
        Assert.Equal("arguments", RejectedField(new JobSpec("sum", 0, 10, arguments: "text")));
    }

    [Fact]
    public void A_non_positive_timeout_is_named() =>
        Assert.Equal("timeout", RejectedField(new JobSpec("sum", 0, 10, timeout: TimeSpan.Zero)));
}
