namespace Engine.Host.Bench;

using Engine.Jobs;
using Engine.Kernels;

/// <summary>A kernel that does nothing but count its items: a job of it measures dispatch alone.</summary>
public sealed class EmptyKernel : ChunkKernel<object?, long>
{
    public const string Name = "empty";

    public override long Empty(object? arguments) => 0;

    public override long Run(ChunkRange chunk, object? arguments, ChunkContext context) => chunk.Length;

    public override long Combine(long left, long right) => left + right;
}
