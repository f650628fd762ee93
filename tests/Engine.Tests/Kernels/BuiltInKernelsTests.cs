namespace Engine.Tests.Kernels;

using Engine.Kernels;
using Engine.Kernels.BuiltIn;
using Engine.Kernels.BuiltIn.Burn;
using Engine.Kernels.BuiltIn.Hash;
using Engine.Kernels.BuiltIn.MemInit;

public sealed class BuiltInKernelsTests
{
    [Fact]
    public void RegisterAll_registers_burn_hash_and_meminit()
    {
        var registry = new KernelRegistry();

        BuiltInKernels.RegisterAll(registry);

        Assert.Equal(["burn", "hash", "meminit"], registry.Names);
        Assert.IsType<BurnKernel>(registry.Get("burn"));
        Assert.IsType<HashKernel>(registry.Get("hash"));
        Assert.IsType<MemInitKernel>(registry.Get("meminit"));
    }

    [Fact]
    public void RegisterAll_twice_into_one_registry_is_harmless()
    {
        var registry = new KernelRegistry();

        BuiltInKernels.RegisterAll(registry);
        BuiltInKernels.RegisterAll(registry);

        Assert.Equal(3, registry.Names.Count);
    }

    [Fact]
    public void Built_in_kernels_declare_their_arguments_and_results_as_wire_types()
    {
        var registry = new KernelRegistry();

        BuiltInKernels.RegisterAll(registry);

        Assert.Subset(registry.WireTypes.ToHashSet(), new HashSet<Type>
        {
            typeof(BurnArgs), typeof(ulong), typeof(HashArgs), typeof(MerkleSegment), typeof(MerklePeak),
            typeof(MerkleHash), typeof(MemInitArgs), typeof(MemInitResult),
        });
    }
}
