namespace Engine.Host;

using Engine.Jobs;
using Engine.Actors;
using Engine.Kernels.BuiltIn;

/// <summary>The kernels the Host ships, and how a command line becomes one of their jobs.</summary>
public static class BuiltInJobs
{
    public static IReadOnlyList<string> Names { get; } = [BurnKernel.Name];

    public static void RegisterAll(WorkEngine engine) => engine.Register(BurnKernel.Name, new BurnKernel());

    /// <summary>Items per job when --size is not given: a few seconds of work on one core.</summary>
    public static long DefaultSize(string kernel) => kernel switch
    {
        BurnKernel.Name => 10_000_000,
        _ => throw new ArgumentException($"unknown kernel '{kernel}' (built in: {string.Join(", ", Names)})"),
    };

    public static string Unit(string kernel) => "items";

    public static object? Arguments(string kernel, RunOptions options) => kernel switch
    {
        BurnKernel.Name => new BurnArgs(options.Rounds ?? BurnArgs.DefaultRounds),
        _ => null,
    };

    public static JobSpec Spec(RunOptions options) => new(
        options.Kernel, 0, options.Size ?? DefaultSize(options.Kernel), options.Align ?? 1, options.MinChunk ?? 1,
        options.Helpers ?? JobSpec.CapsDecide, options.Placement, Arguments(options.Kernel, options));

    public static string Describe(object? result) => result switch
    {
        ulong u => $"0x{u:x16}",
        null => "(none)",
        _ => result.ToString() ?? "",
    };
}
