namespace Engine.Kernels.BuiltIn;

/// <param name="Rounds">Mixing rounds per item: the cost of one item.</param>
public sealed record BurnArgs(int Rounds = BurnArgs.DefaultRounds)
{
    public const int DefaultRounds = 200;
}
