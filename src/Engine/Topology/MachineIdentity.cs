namespace Engine.Topology;

/// <summary>
/// Which running kernel a process is on: the boot id, the same for every process, container and network
/// namespace of one boot and different on any other machine. Members that share it share CPUs, whatever
/// addresses they bind.
/// </summary>
public static class MachineIdentity
{
    public const string BootIdPath = "/proc/sys/kernel/random/boot_id";

    /// <summary>The boot id, or null when it cannot be read (then nothing is known to share this machine's CPUs).</summary>
    public static string? Read(ISystemFiles files) =>
        files.ReadText(BootIdPath)?.Trim() is { Length: > 0 } id ? id : null;
}
