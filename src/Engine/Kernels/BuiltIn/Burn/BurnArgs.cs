namespace Engine.Kernels.BuiltIn.Burn;

/// <summary>Arguments of <see cref="BurnKernel"/>.</summary>
/// <param name="Rounds">Mixing rounds per item: the CPU cost of one item (at least 1).</param>
public sealed record BurnArgs(int Rounds = BurnArgs.DefaultRounds)
{
    public const int DefaultRounds = 200;
}
