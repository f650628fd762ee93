namespace Engine.Kernels.BuiltIn.MemInit;

using System.Collections.Immutable;
using System.Runtime.Intrinsics;
using Engine.Jobs;

/// <summary>
/// Memory initialization, as in deferred struct page init, hugetlb fallocate and vm-scalability's usemem:
/// items are bytes in whole pages; each chunk maps fresh anonymous memory, writes every word with a
/// pattern of its absolute byte offset (seed XOR offset), reads it all back into a checksum and unmaps it.
/// The thread running the chunk touches the pages first, so on a pinned helper they land on that helper's
/// node, and the result counts bytes per node. Being derived from absolute offsets, the checksum does not
/// depend on the split. A chunk maps its range 64 MiB at a time: larger than the last-level cache, so every
/// byte really goes to memory, and below the size where one mapping costs more per byte (1 GiB mappings
/// measured 6% more CPU than 64 MiB ones); a chunk therefore never holds more than that mapped.
/// </summary>
public sealed class MemInitKernel : ChunkKernel<MemInitArgs, MemInitResult>
{
    public const string Name = "meminit";
    public const int PageSize = 4096;

    // Written then read back before the next: small enough to stay in L2, large enough that a loop's start-up
    // and the cancellation check per block vanish. A multiple of the page size.
    private const long BlockBytes = 64 * 1024;

    private const long MappingBytes = 64L << 20;

    public override IReadOnlyList<Type> WireTypes =>
        [.. base.WireTypes, typeof(ImmutableSortedDictionary<int, long>)];

    public override void Validate(JobSpec spec, MemInitArgs arguments)
    {
        if (spec.Align <= 0 || spec.Align % PageSize != 0)
            throw new JobSpecException("align", $"must be a positive multiple of the page size {PageSize}, got {spec.Align}");
        if (spec.Start < 0 || spec.Start % PageSize != 0)
            throw new JobSpecException("start", $"must be a non-negative multiple of the page size {PageSize}, got {spec.Start}");
        if (spec.Size % PageSize != 0)
            throw new JobSpecException("size", $"must be a multiple of the page size {PageSize}, got {spec.Size}");
    }

    public override MemInitResult Empty(MemInitArgs arguments) => MemInitResult.Empty;

    public override MemInitResult Run(ChunkRange chunk, MemInitArgs arguments, ChunkContext context)
    {
        if (chunk.Start % PageSize != 0 || chunk.Length % PageSize != 0)
            throw new ArgumentException($"{chunk} is not whole pages of {PageSize} bytes", nameof(chunk));
        if (chunk.Length == 0)
            return MemInitResult.Empty;

        ulong checksum = 0;
        for (var offset = chunk.Start; offset < chunk.End; offset += MappingBytes)
        {
            using var memory = AnonymousMemory.Map(Math.Min(MappingBytes, chunk.End - offset));
            checksum += Initialize(memory, offset, arguments.Seed, context.Cancellation);
            context.ItemsDone(offset + memory.Length - chunk.Start);
        }
        return new MemInitResult(checksum, ImmutableSortedDictionary<int, long>.Empty.Add(context.Node, chunk.Length));
    }

    public override MemInitResult Combine(MemInitResult left, MemInitResult right) => left.Plus(right);

    private static unsafe ulong Initialize(AnonymousMemory memory, long firstOffset, ulong seed, CancellationToken cancellation)
    {
        // Block by block, each read back while it is still in L2: the write is the first touch (the page fault
        // and the kernel's zeroing), the read-back then costs no second trip to memory. The wrapping sum does not
        // depend on the order the words are added in.
        ulong checksum = 0;
        for (long block = 0; block < memory.Length; block += BlockBytes)
        {
            cancellation.ThrowIfCancellationRequested();
            var length = Math.Min(BlockBytes, memory.Length - block);
            var words = (ulong*)(memory.Start + block);
            Fill(words, length / sizeof(ulong), seed, firstOffset + block);
            checksum += WideWords.Sum(words, length / sizeof(ulong));
        }
        return checksum;
    }

    /// <summary>words[i] = seed ^ (offset + 8 i), in the widest stores the CPU has (whole pages: a multiple of 8 words).</summary>
    private static unsafe void Fill(ulong* words, long count, ulong seed, long offset)
    {
        if (Vector512.IsHardwareAccelerated)
        {
            var step = Vector512.Create((ulong)(Vector512<ulong>.Count * sizeof(ulong)));
            var at = Vector512.Create((ulong)offset) + Vector512<ulong>.Indices * sizeof(ulong);
            var mask = Vector512.Create(seed);
            for (long i = 0; i < count; i += Vector512<ulong>.Count, at += step)
                Vector512.Store(at ^ mask, words + i);
            return;
        }
        var step256 = Vector256.Create((ulong)(Vector256<ulong>.Count * sizeof(ulong)));
        var at256 = Vector256.Create((ulong)offset) + Vector256<ulong>.Indices * sizeof(ulong);
        var mask256 = Vector256.Create(seed);
        for (long i = 0; i < count; i += Vector256<ulong>.Count, at256 += step256)
            Vector256.Store(at256 ^ mask256, words + i);
    }
}
