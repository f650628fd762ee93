namespace Engine.Tests.Kernels;

using System.Collections.Immutable;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Kernels.BuiltIn.MemInit;

/// <summary>A chunk larger than one mapping (64 MiB) is initialized across its mappings as if it were one.</summary>
public sealed class MemInitMappingTests
{
    [Fact]
    public void MemInit_of_a_chunk_spanning_several_mappings_checksums_every_word_once()
    {
        const long start = 3 * 4096, length = (129L << 20) + 5 * 4096;
        var arguments = new MemInitArgs(Seed: 0xfeed);

        var result = (MemInitResult)((IChunkKernel)new MemInitKernel()).Run(
            new ChunkContext("big", new ChunkRange(0, start, start + length), arguments, 1, CancellationToken.None))!;

        ulong expected = 0;
        for (var offset = start; offset < start + length; offset += sizeof(ulong))
            expected += arguments.Seed ^ (ulong)offset;
        Assert.Equal(expected, result.Checksum);
        Assert.Equal(ImmutableSortedDictionary<int, long>.Empty.Add(1, length), result.BytesByNode);
    }
}
