namespace Engine.Tests.Kernels;

using System.Security.Cryptography;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Kernels.BuiltIn.Hash;

public sealed class HashKernelTests : IDisposable
{
    private static readonly IChunkKernel Kernel = new HashKernel();
    private readonly List<string> _files = [];

    public static TheoryData<int> Seeds => [.. Enumerable.Range(1, 25)];

    public void Dispose()
    {
        foreach (var file in _files)
            File.Delete(file);
    }

    [Fact]
    public void Generated_bytes_start_with_the_SplitMix64_stream_of_the_seed()
    {
        var bytes = new byte[8];

        SeededBytes.Fill(0, 0, bytes);

        Assert.Equal(0xE220A8397B1DCDAFUL, BitConverter.ToUInt64(bytes));
    }

    [Theory]
    [InlineData(0L, 100)]
    [InlineData(3L, 1)]
    [InlineData(5L, 30)]
    [InlineData(1_000_003L, 17)]
    public void Generated_bytes_of_any_range_match_the_byte_by_byte_definition(long offset, int length)
    {
        var bytes = new byte[length];

        SeededBytes.Fill(42, offset, bytes);

        Assert.Equal(MerkleReference.GeneratedBytes(42, offset, length), bytes);
    }

    [Theory]
    [InlineData(64, 0)]
    [InlineData(64, 64)]
    [InlineData(64, 64 * 8)]
    [InlineData(64, 64 * 7 + 5)]
    [InlineData(64, 64 * 13)]
    [InlineData(4096, 4096 * 21 + 4000)]
    public void Root_of_one_chunk_from_offset_zero_is_the_RFC_6962_tree_hash(int leafSize, int size)
    {
        var data = MerkleReference.GeneratedBytes(9, 0, size);

        var segment = Hash(ChunkSplit.Whole(0, size), new HashArgs(Seed: 9, LeafSize: leafSize), new Random(0));

        var leaves = MerkleReference.LeafHashes(data, leafSize);
        Assert.Equal(MerkleReference.Hex(MerkleReference.Rfc6962Root(leaves)), segment.Root);
        Assert.Equal(leaves.Length, segment.LeafCount);
    }

    [Fact]
    public void Root_of_no_bytes_is_the_SHA256_of_nothing()
    {
        var segment = Hash(ChunkSplit.Whole(0, 0), new HashArgs(LeafSize: 64), new Random(0));

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Array.Empty<byte>())), segment.Root);
        Assert.Equal(0, segment.LeafCount);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Root_does_not_depend_on_how_the_range_is_split(int seed)
    {
        var random = new Random(seed);
        var leafSize = new[] { 1, 8, 64, 4096 }[random.Next(4)];
        var size = random.Next(0, 300) * leafSize + random.Next(leafSize);
        var arguments = new HashArgs(Seed: (ulong)seed, LeafSize: leafSize);

        var segment = Hash(ChunkSplit.Random(0, size, leafSize, random), arguments, random);

        var leaves = MerkleReference.LeafHashes(MerkleReference.GeneratedBytes((ulong)seed, 0, size), leafSize);
        Assert.Equal(MerkleReference.Hex(MerkleReference.Rfc6962Root(leaves)), segment.Root);
        Assert.Equal(leaves.Length, segment.LeafCount);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Root_of_a_range_starting_past_zero_is_the_root_of_its_aligned_subtrees(int seed)
    {
        var random = new Random(seed);
        const int leafSize = 16;
        var firstLeaf = random.Next(1, 1_000);
        var size = random.Next(1, 300) * leafSize + random.Next(leafSize);
        var start = (long)firstLeaf * leafSize;
        var arguments = new HashArgs(Seed: 7, LeafSize: leafSize);

        var segment = Hash(ChunkSplit.Random(start, size, leafSize, random), arguments, random);

        var leaves = MerkleReference.LeafHashes(MerkleReference.GeneratedBytes(7, start, size), leafSize);
        Assert.Equal(MerkleReference.Hex(MerkleReference.AlignedRoot(leaves, firstLeaf)), segment.Root);
        Assert.Equal(firstLeaf, segment.FirstLeaf);
    }

    [Fact]
    public void Hash_of_a_file_equals_hash_of_the_same_generated_bytes()
    {
        const int size = 3 * HashArgs.DefaultLeafSize + 123_457;
        var path = WriteFile(MerkleReference.GeneratedBytes(5, 0, size));
        var random = new Random(1);
        var spec = new JobSpec(HashKernel.Name, 0, size, align: HashArgs.DefaultLeafSize, arguments: new HashArgs(path));
        Kernel.Validate(spec);

        var fromFile = Hash(ChunkSplit.Random(0, size, HashArgs.DefaultLeafSize, random), new HashArgs(path), random);
        var generated = Hash(ChunkSplit.Whole(0, size), new HashArgs(Seed: 5), random);

        Assert.Equal(generated.Root, fromFile.Root);
        Assert.Equal(4, fromFile.LeafCount);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000)]
    [InlineData(64 * 20 - 1)]
    public void Changing_one_byte_of_the_file_changes_the_root(int changedOffset)
    {
        const int size = 64 * 20;
        var data = MerkleReference.GeneratedBytes(3, 0, size);
        var original = Hash(ChunkSplit.Whole(0, size), new HashArgs(WriteFile(data), LeafSize: 64), new Random(0));

        data[changedOffset] ^= 0x01;
        var changed = Hash(ChunkSplit.Whole(0, size), new HashArgs(WriteFile(data), LeafSize: 64), new Random(0));

        Assert.NotEqual(original.Root, changed.Root);
    }

    [Fact]
    public void Segments_must_be_combined_in_leaf_order()
    {
        var arguments = new HashArgs(LeafSize: 8);
        var first = Kernel.Run(new ChunkContext("test", new ChunkRange(0, 0, 16), arguments, 0, CancellationToken.None));
        var second = Kernel.Run(new ChunkContext("test", new ChunkRange(1, 16, 32), arguments, 0, CancellationToken.None));

        Assert.Throws<InvalidOperationException>(() => Kernel.Combine(second, first));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-64)]
    [InlineData(3000)]
    public void Hash_rejects_a_leaf_size_that_is_not_a_positive_power_of_two(int leafSize) =>
        AssertRejected("arguments.leafSize", new JobSpec(HashKernel.Name, 0, 6000, align: leafSize,
            arguments: new HashArgs(LeafSize: leafSize)));

    [Fact]
    public void Hash_rejects_an_align_other_than_the_leaf_size() =>
        AssertRejected("align", new JobSpec(HashKernel.Name, 0, 1 << 20, align: 4096, arguments: new HashArgs()));

    [Fact]
    public void Hash_rejects_a_start_inside_a_leaf() =>
        AssertRejected("start", new JobSpec(HashKernel.Name, 100, 1000, align: 64, arguments: new HashArgs(LeafSize: 64)));

    [Fact]
    public void Hash_rejects_a_missing_file() =>
        AssertRejected("arguments.path", new JobSpec(HashKernel.Name, 0, 64, align: 64,
            arguments: new HashArgs(Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}"), LeafSize: 64)));

    [Fact]
    public void Hash_rejects_a_directory_as_the_file() =>
        AssertRejected("arguments.path", new JobSpec(HashKernel.Name, 0, 64, align: 64,
            arguments: new HashArgs(Path.GetTempPath(), LeafSize: 64)));

    [Fact]
    public void Hash_rejects_a_range_past_the_end_of_the_file()
    {
        var path = WriteFile(new byte[1000]);

        AssertRejected("size", new JobSpec(HashKernel.Name, 0, 1001, align: 64, arguments: new HashArgs(path, LeafSize: 64)));
        Kernel.Validate(new JobSpec(HashKernel.Name, 0, 1000, align: 64, arguments: new HashArgs(path, LeafSize: 64)));
    }

    private static MerkleSegment Hash(ChunkSplit split, HashArgs arguments, Random random) =>
        (MerkleSegment)split.Run(Kernel, arguments, random)!;

    private static void AssertRejected(string field, JobSpec spec) =>
        Assert.Equal(field, Assert.Throws<JobSpecException>(() => Kernel.Validate(spec)).Field);

    private string WriteFile(byte[] data)
    {
        var path = Path.Combine(Path.GetTempPath(), $"hash-kernel-test-{Guid.NewGuid():N}");
        _files.Add(path);
        File.WriteAllBytes(path, data);
        return path;
    }
}
