namespace Host.Tests.Support;

using Engine.Jobs;
using Engine.Kernels;

/// <summary>Each chunk waits for one permit (or its job's cancellation), so a test moves a job on chunk by chunk.</summary>
public sealed class StepKernel : ChunkKernel<object?, long>
{
    private readonly SemaphoreSlim _permits = new(0);

    public void Allow(int chunks) => _permits.Release(chunks);

    public override long Empty(object? arguments) => 0;

    public override long Run(ChunkRange chunk, object? arguments, ChunkContext context)
    {
        _permits.Wait(context.Cancellation);
        return chunk.Length;
    }

    public override long Combine(long left, long right) => left + right;
}
