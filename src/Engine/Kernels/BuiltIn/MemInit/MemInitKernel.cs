using System.Collections.Immutable;
using Engine.Jobs;

namespace Engine.Kernels.BuiltIn.MemInit;

/// <summary>
/// Memory initialization, as in deferred struct page init, hugetlb fallocate and vm-scalability's usemem:
/// items are bytes in whole pages; each chunk maps fresh anonymous memory, writes every word with a
/// pattern of its absolute byte offset (seed XOR offset), reads it all back into a checksum and unmaps it.
/// The thread running the chunk touches the pages first, so on a pinned helper they land on that helper's
/// node, and the result counts bytes per node. Being derived from absolute offsets, the checksum does not
/// depend on the split. A chunk holds its whole length mapped while it runs: size chunks accordingly.
/// </summary>
public sealed class MemInitKernel : ChunkKernel<MemInitArgs, MemInitResult>
{
    public const string Name = "meminit";
    public const int PageSize = 4096;

    // Pages between cancellation checks: 1 MiB of writes.
    private const long PagesPerCancellationCheck = 256;

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

        using var memory = AnonymousMemory.Map(chunk.Length);
        var checksum = Initialize(memory, chunk.Start, arguments.Seed, context.Cancellation);
        return new MemInitResult(checksum, ImmutableSortedDictionary<int, long>.Empty.Add(context.Node, chunk.Length));
    }

    public override MemInitResult Combine(MemInitResult left, MemInitResult right) => left.Plus(right);

    private static unsafe ulong Initialize(AnonymousMemory memory, long firstOffset, ulong seed, CancellationToken cancellation)
    {
        var words = (ulong*)memory.Start;
        const long wordsPerPage = PageSize / sizeof(ulong);
        var pages = memory.Length / PageSize;
        for (long page = 0; page < pages; page++)
        {
            if (page % PagesPerCancellationCheck == 0)
                cancellation.ThrowIfCancellationRequested();
            for (var word = page * wordsPerPage; word < (page + 1) * wordsPerPage; word++)
                words[word] = seed ^ (ulong)(firstOffset + word * sizeof(ulong));
        }

        ulong checksum = 0;
        var wordCount = memory.Length / sizeof(ulong);
        for (long word = 0; word < wordCount; word++)
            checksum += words[word];
        return checksum;
    }
}
