namespace Engine.Policies;

using Engine.Topology;

/// <summary>
/// Decides whether the machine is energy-conscious, so jobs run with one thread (ktask disabled):
/// on battery, or a CPU under the powersave cpufreq governor. Reads only through <see cref="ISystemFiles"/>.
/// </summary>
public sealed class EnergyPolicy(ISystemFiles files, EnergyMode mode)
{
    public const string PowerSupplies = "/sys/class/power_supply";
    public const string CpuRoot = "/sys/devices/system/cpu";

    /// <summary>
    /// Drivers whose "powersave" is their default dynamic-scaling policy (intel_pstate and amd-pstate in
    /// active mode), not a request to save energy: under them the governor's name says nothing.
    /// </summary>
    private static readonly string[] DriversWithDynamicPowersave = ["intel_pstate", "amd-pstate-epp"];

    public EnergyDecision Decide()
    {
        if (mode == EnergyMode.Off)
            return new EnergyDecision(false, EnergyDecision.DisabledByConfig, "energy mode is off: never limit to the caller");
        return OnBattery() ?? PowersaveGovernor()
            ?? new EnergyDecision(false, EnergyDecision.None, "not on battery and no CPU under the powersave governor");
    }

    private EnergyDecision? OnBattery()
    {
        var supplies = files.ListEntries(PowerSupplies).Select(ReadSupply).ToArray();
        var mains = supplies.Where(s => s.Type == "Mains").ToArray();
        if (mains.Any(s => s.Online == "1"))
            return null;
        if (mains.FirstOrDefault(s => s.Online == "0") is { } offline)
            return Battery($"{offline.Path}/online = 0 (type Mains)");
        // A Device-scoped battery powers a peripheral (a wireless mouse), not this machine.
        var discharging = supplies.FirstOrDefault(s => s.Type == "Battery" && s.Status == "Discharging" && s.Scope != "Device");
        return discharging is null ? null : Battery($"{discharging.Path}/status = Discharging (type Battery) and no Mains supply online");
    }

    private static EnergyDecision Battery(string why) => new(true, EnergyDecision.OnBattery, $"on battery: {why}");

    private PowerSupply ReadSupply(string name)
    {
        var path = $"{PowerSupplies}/{name}";
        return new PowerSupply(path, Attribute(path, "type"), Attribute(path, "online"), Attribute(path, "status"), Attribute(path, "scope"));
    }

    private EnergyDecision? PowersaveGovernor()
    {
        foreach (var cpu in files.ListEntries(CpuRoot).Where(IsCpuDirectory))
        {
            var cpufreq = $"{CpuRoot}/{cpu}/cpufreq";
            if (Attribute(cpufreq, "scaling_governor") != "powersave")
                continue;
            if (Attribute(cpufreq, "scaling_driver") is { } driver && DriversWithDynamicPowersave.Contains(driver))
                continue;
            return new EnergyDecision(true, EnergyDecision.PowersaveGovernor, $"{cpufreq}/scaling_governor = powersave");
        }
        return null;
    }

    private static bool IsCpuDirectory(string entry) =>
        entry.Length > 3 && entry.StartsWith("cpu", StringComparison.Ordinal) && !entry.AsSpan(3).ContainsAnyExceptInRange('0', '9');

    private string? Attribute(string dir, string name) => files.ReadText($"{dir}/{name}")?.Trim();

    private sealed record PowerSupply(string Path, string? Type, string? Online, string? Status, string? Scope);
}
