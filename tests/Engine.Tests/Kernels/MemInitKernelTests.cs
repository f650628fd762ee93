namespace Engine.Tests.Kernels;

using Engine.Jobs;
using Engine.Kernels;
using Engine.Kernels.BuiltIn.MemInit;

public sealed class MemInitKernelTests
{
    private const int Page = 4096;
    private static readonly IChunkKernel Kernel = new MemInitKernel();

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 20)];

    [Fact]
    public void MemInit_of_one_chunk_checksums_the_offset_pattern()
    {
        var result = Initialize(ChunkSplit.Whole(Page, 16 * Page), new MemInitArgs(Seed: 77), new Random(0));

        Assert.Equal(Reference(Page, 16 * Page, 77), result.Checksum);
        Assert.Equal(16 * Page, result.TotalBytes);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void MemInit_checksum_does_not_depend_on_how_the_range_is_split(int seed)
    {
        var random = new Random(seed);
        var start = random.Next(0, 1_000) * (long)Page;
        var size = random.Next(0, 512) * (long)Page;
        var align = Page * random.Next(1, 4);
        var arguments = new MemInitArgs(Seed: (ulong)random.NextInt64());

        var result = Initialize(ChunkSplit.Random(start, size, align, random), arguments, random);

        Assert.Equal(Reference(start, size, arguments.Seed), result.Checksum);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void MemInit_counts_every_byte_on_the_node_that_ran_its_chunk(int seed)
    {
        var random = new Random(seed);
        var size = random.Next(1, 512) * (long)Page;
        var split = ChunkSplit.Random(0, size, Page, random);

        var result = Initialize(split, new MemInitArgs(), random);

        var expected = split.Chunks.GroupBy(ChunkSplit.NodeOf).ToDictionary(g => g.Key, g => g.Sum(c => c.Length));
        Assert.Equal(expected.OrderBy(e => e.Key), result.BytesByNode);
        Assert.Equal(size, result.TotalBytes);
    }

    [Fact]
    public void MemInit_checksum_depends_on_the_seed()
    {
        var split = ChunkSplit.Whole(0, Page);

        Assert.NotEqual(Initialize(split, new MemInitArgs(1), new Random(0)).Checksum,
            Initialize(split, new MemInitArgs(2), new Random(0)).Checksum);
    }

    [Fact]
    public void MemInit_of_no_pages_is_empty() =>
        Assert.Equal(MemInitResult.Empty, Initialize(ChunkSplit.Whole(0, 0), new MemInitArgs(), new Random(0)));

    [Theory]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(2048)]
    [InlineData(6144)]
    public void MemInit_rejects_an_align_that_is_not_whole_pages(long align) =>
        AssertRejected("align", new JobSpec(MemInitKernel.Name, 0, 16 * Page, align: align));

    [Fact]
    public void MemInit_rejects_a_start_inside_a_page() =>
        AssertRejected("start", new JobSpec(MemInitKernel.Name, 100, 16 * Page, align: Page));

    [Fact]
    public void MemInit_rejects_a_size_that_is_not_whole_pages() =>
        AssertRejected("size", new JobSpec(MemInitKernel.Name, 0, 16 * Page + 8, align: Page));

    [Fact]
    public void MemInit_accepts_whole_pages() =>
        Kernel.Validate(new JobSpec(MemInitKernel.Name, Page, 16 * Page, align: 2 * Page, arguments: new MemInitArgs()));

    private static MemInitResult Initialize(ChunkSplit split, MemInitArgs arguments, Random random) =>
        (MemInitResult)split.Run(Kernel, arguments, random)!;

    private static void AssertRejected(string field, JobSpec spec) =>
        Assert.Equal(field, Assert.Throws<JobSpecException>(() => Kernel.Validate(spec)).Field);

    // Every 8-byte word holds seed XOR its absolute byte offset.
    private static ulong Reference(long start, long size, ulong seed)
    {
        ulong sum = 0;
        for (var offset = start; offset < start + size; offset += 8)
            sum += seed ^ (ulong)offset;
        return sum;
    }
}
