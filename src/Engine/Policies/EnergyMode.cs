namespace Engine.Policies;

/// <summary>
/// The energy knob: <see cref="Auto"/> applies the battery and governor rules, <see cref="Off"/> never
/// limits. A knob, because kernel reviewers rejected inferring intent from the cpufreq governor alone.
/// </summary>
public enum EnergyMode
{
    Auto,
    Off,
}

public static class EnergyModeText
{
    /// <summary>Parses "auto" or "off" (any case).</summary>
    public static EnergyMode Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => EnergyMode.Auto,
        "off" => EnergyMode.Off,
        _ => throw new FormatException($"energy mode '{text}' is neither 'auto' nor 'off'"),
    };
}
