namespace Engine.Policies;

/// <summary>
/// Whether jobs must run on their caller's thread only (no helpers), the rule that decided
/// (<see cref="OnBattery"/>, <see cref="PowersaveGovernor"/>, <see cref="None"/>, <see cref="DisabledByConfig"/>)
/// and why, naming the file and value read.
/// </summary>
public sealed record EnergyDecision(bool LimitToCaller, string Rule, string Why)
{
    public const string OnBattery = "on-battery";
    public const string PowersaveGovernor = "powersave-governor";
    public const string None = "none";
    public const string DisabledByConfig = "disabled-by-config";
}
