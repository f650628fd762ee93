namespace Engine.Kernels.BuiltIn;

using Engine.Kernels.BuiltIn.Burn;
using Engine.Kernels.BuiltIn.Hash;
using Engine.Kernels.BuiltIn.MemInit;

/// <summary>The kernels every Engine process knows: "burn", "hash" and "meminit".</summary>
public static class BuiltInKernels
{
    // One instance each (kernels are stateless), so registering twice into one registry is harmless.
    public static BurnKernel Burn { get; } = new();
    public static HashKernel Hash { get; } = new();
    public static MemInitKernel MemInit { get; } = new();

    /// <summary>Every built-in kernel by its registered name, in a stable order.</summary>
    public static IReadOnlyList<KeyValuePair<string, IChunkKernel>> All { get; } =
    [
        new(BurnKernel.Name, Burn),
        new(HashKernel.Name, Hash),
        new(MemInitKernel.Name, MemInit),
    ];

    public static void RegisterAll(KernelRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (var (name, kernel) in All)
            registry.Register(name, kernel);
    }
}
