namespace Engine.Kernels.BuiltIn.MemInit;

/// <summary>Arguments of <see cref="MemInitKernel"/>.</summary>
/// <param name="Seed">Mixed into the pattern, so different jobs write different bytes.</param>
public sealed record MemInitArgs(ulong Seed = 0);
