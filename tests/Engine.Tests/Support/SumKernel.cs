namespace Engine.Tests.Support;

using Engine.Jobs;
using Engine.Kernels;

/// <summary>Sums the items of a range; rejects a negative offset argument.</summary>
public sealed class SumKernel : ChunkKernel<long, long>
{
    public override void Validate(JobSpec spec, long offset)
    {
        if (offset < 0)
            throw new JobSpecException("arguments", $"offset must be >= 0, was {offset}");
    }

    public override long Empty(long offset) => 0;

    public override long Run(ChunkRange chunk, long offset, ChunkContext context)
    {
        long sum = 0;
        for (var i = chunk.Start; i < chunk.End; i++)
            sum += i + offset;
        return sum;
    }

    public override long Combine(long left, long right) => left + right;
}
