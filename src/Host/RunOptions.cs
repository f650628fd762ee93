namespace Engine.Host;

using Engine.Jobs;

/// <summary>What `run` was asked to do; null means the kernel's or the engine's default.</summary>
public sealed record RunOptions(
    string Kernel,
    long? Size,
    int? Helpers,
    long? MinChunk,
    long? Align,
    Placement Placement,
    int? Rounds,
    string? File,
    ulong Seed,
    bool Json,
    bool Verify = false);
