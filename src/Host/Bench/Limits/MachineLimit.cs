namespace Engine.Host.Bench.Limits;

using Engine.Jobs;
using Engine.Kernels.BuiltIn.Burn;
using Engine.Kernels.BuiltIn.Hash;
using Engine.Kernels.BuiltIn.MemInit;

/// <summary>What each built-in kernel is measured against: the same work on plain threads with no engine at all.</summary>
public static class MachineLimit
{
    public static string What(string kernel) => kernel switch
    {
        BurnKernel.Name => BurnLimit.What,
        HashKernel.Name => HashLimit.What,
        MemInitKernel.Name => MemInitLimit.What,
        _ => throw new ArgumentException($"no limit loop for the kernel '{kernel}'", nameof(kernel)),
    };

    /// <summary>The limit of <paramref name="spec"/>'s work on <paramref name="threads"/> threads.</summary>
    public static LimitRun Run(JobSpec spec, int threads) => spec.Arguments switch
    {
        BurnArgs burn => BurnLimit.Run(spec.Start, spec.Size, burn.Rounds, threads),
        HashArgs hash => HashLimit.Run(spec.Size, hash.LeafSize, threads),
        MemInitArgs => MemInitLimit.Run(spec.Size, threads),
        _ => throw new ArgumentException($"no limit loop for the kernel '{spec.Kernel}'", nameof(spec)),
    };
}
