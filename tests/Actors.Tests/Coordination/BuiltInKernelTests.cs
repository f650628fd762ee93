namespace Actors.Tests.Coordination;

using Actors.Tests.Support;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Kernels.BuiltIn;
using Engine.Kernels.BuiltIn.Burn;
using Engine.Kernels.BuiltIn.Hash;
using Engine.Kernels.BuiltIn.MemInit;

/// <summary>Each built-in kernel through the whole engine equals the same kernel run as one chunk on one thread.</summary>
public class BuiltInKernelTests : TestKit
{
    private readonly WorkEngine _engine;

    public BuiltInKernelTests() : base("akka.loglevel = WARNING")
    {
        _engine = WorkEngine.Start(Sys, EngineFixtures.FakeTwoNodes);
        foreach (var (name, kernel) in BuiltInKernels.All)
            _engine.Register(name, kernel);
    }

    [Theory]
    [InlineData(0L, 100_000L, 1, 1)]
    [InlineData(12_345L, 77_777L, 7, 3)]
    [InlineData(5L, 1L, 200, 8)]
    public async Task Burn_equals_its_single_threaded_reference(long start, long size, int rounds, int helpers)
    {
        var spec = new JobSpec(BurnKernel.Name, start, size, maxHelpers: helpers, arguments: new BurnArgs(rounds));

        var result = await _engine.RunAsync(spec);

        Assert.Equal(SingleThreaded(BuiltInKernels.Burn, spec), result.Value);
    }

    [Theory]
    [InlineData(0L, 40, 2)]
    [InlineData(3L, 37, 8)]
    public async Task Hash_root_equals_its_single_threaded_reference(long startLeaf, int leaves, int helpers)
    {
        const int leafSize = 4096;
        var spec = new JobSpec(HashKernel.Name, startLeaf * leafSize, leaves * leafSize - 100, align: leafSize,
            maxHelpers: helpers, arguments: new HashArgs(Seed: 42, LeafSize: leafSize));

        var result = await _engine.RunAsync(spec);

        Assert.True(result.Statistics.Chunks > 1, "the job should be split");
        Assert.Equal(((MerkleSegment)SingleThreaded(BuiltInKernels.Hash, spec)).Root, ((MerkleSegment)result.Value!).Root);
    }

    [Fact]
    public async Task Hash_of_a_file_equals_its_single_threaded_reference()
    {
        const int leafSize = 1024;
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [.. Enumerable.Range(0, 50_000).Select(i => (byte)(i * 7 + i / 251))]);
            var spec = new JobSpec(HashKernel.Name, 0, 50_000, align: leafSize, maxHelpers: 4,
                arguments: new HashArgs(path, LeafSize: leafSize));

            var result = await _engine.RunAsync(spec);

            Assert.Equal(((MerkleSegment)SingleThreaded(BuiltInKernels.Hash, spec)).Root, ((MerkleSegment)result.Value!).Root);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task MemInit_checksum_equals_its_single_threaded_reference_and_counts_every_byte()
    {
        var spec = new JobSpec(MemInitKernel.Name, 0, 64 * MemInitKernel.PageSize, align: MemInitKernel.PageSize,
            maxHelpers: 8, arguments: new MemInitArgs(Seed: 9));

        var result = (MemInitResult)(await _engine.RunAsync(spec)).Value!;

        Assert.Equal(((MemInitResult)SingleThreaded(BuiltInKernels.MemInit, spec)).Checksum, result.Checksum);
        Assert.Equal(spec.Size, result.TotalBytes);
    }

    [Fact]
    public async Task Burn_names_bad_rounds()
    {
        var failure = await Assert.ThrowsAsync<JobFailedException>(() =>
            _engine.RunAsync(new JobSpec(BurnKernel.Name, 0, 10, arguments: new BurnArgs(0))));
        Assert.Equal("arguments.rounds", failure.Field);
    }

    [Fact]
    public async Task Hash_names_a_missing_file()
    {
        var failure = await Assert.ThrowsAsync<JobFailedException>(() => _engine.RunAsync(new JobSpec(HashKernel.Name, 0, 10,
            align: HashArgs.DefaultLeafSize, arguments: new HashArgs("/nonexistent/engine-test-file"))));
        Assert.Equal("arguments.path", failure.Field);
    }

    private static object SingleThreaded(IChunkKernel kernel, JobSpec spec) =>
        kernel.Run(new ChunkContext("reference", new ChunkRange(0, spec.Start, spec.End), spec.Arguments, 0, CancellationToken.None))!;
}
