namespace Engine.Tests.Policies;

using Engine.Policies;
using Engine.Tests.Topology;

public sealed class EnergyPolicyTests : IDisposable
{
    private readonly FakeSysfs sysfs = new FakeSysfs().WithNodes(1, 4);

    public void Dispose() => sysfs.Dispose();

    private EnergyDecision Decide(EnergyMode mode = EnergyMode.Auto) => new EnergyPolicy(sysfs.Files, mode).Decide();

    [Fact]
    public void EnergyPolicy_limits_to_the_caller_on_a_discharging_battery()
    {
        sysfs.WithPowerSupply("BAT0", "Battery", status: "Discharging");

        var decision = Decide();

        Assert.True(decision.LimitToCaller);
        Assert.Equal(EnergyDecision.OnBattery, decision.Rule);
        Assert.Contains("/sys/class/power_supply/BAT0/status = Discharging", decision.Why);
    }

    [Fact]
    public void EnergyPolicy_limits_to_the_caller_when_the_mains_supply_is_offline()
    {
        sysfs.WithPowerSupply("AC", "Mains", online: "0").WithPowerSupply("BAT0", "Battery", status: "Unknown");

        var decision = Decide();

        Assert.True(decision.LimitToCaller);
        Assert.Equal(EnergyDecision.OnBattery, decision.Rule);
        Assert.Contains("/sys/class/power_supply/AC/online = 0", decision.Why);
    }

    [Fact]
    public void EnergyPolicy_does_not_limit_on_mains_power()
    {
        sysfs.WithPowerSupply("AC", "Mains", online: "1").WithPowerSupply("BAT0", "Battery", status: "Discharging");

        var decision = Decide();

        Assert.False(decision.LimitToCaller);
        Assert.Equal(EnergyDecision.None, decision.Rule);
    }

    [Fact]
    public void EnergyPolicy_ignores_the_battery_of_a_peripheral()
    {
        sysfs.WithPowerSupply("hidpp_battery_0", "Battery", status: "Discharging", scope: "Device");

        Assert.False(Decide().LimitToCaller);
    }

    [Fact]
    public void EnergyPolicy_limits_to_the_caller_under_the_powersave_governor()
    {
        sysfs.WithGovernor(0, "performance").WithGovernor(3, "powersave");

        var decision = Decide();

        Assert.True(decision.LimitToCaller);
        Assert.Equal(EnergyDecision.PowersaveGovernor, decision.Rule);
        Assert.Contains("/sys/devices/system/cpu/cpu3/cpufreq/scaling_governor = powersave", decision.Why);
    }

    [Fact]
    public void EnergyPolicy_does_not_limit_under_other_governors()
    {
        sysfs.WithGovernor(0, "schedutil").WithGovernor(1, "performance");

        Assert.False(Decide().LimitToCaller);
    }

    [Fact]
    public void EnergyPolicy_ignores_powersave_where_it_is_intel_pstates_dynamic_default()
    {
        sysfs.WithGovernor(0, "powersave", driver: "intel_pstate");

        Assert.False(Decide().LimitToCaller);
    }

    [Fact]
    public void EnergyPolicy_never_limits_when_the_mode_is_off()
    {
        sysfs.WithPowerSupply("BAT0", "Battery", status: "Discharging").WithGovernor(0, "powersave");

        var decision = Decide(EnergyMode.Off);

        Assert.False(decision.LimitToCaller);
        Assert.Equal(EnergyDecision.DisabledByConfig, decision.Rule);
    }

    [Fact]
    public void EnergyPolicy_does_not_limit_a_machine_without_power_supplies_or_cpufreq()
    {
        var decision = Decide();

        Assert.False(decision.LimitToCaller);
        Assert.Equal(EnergyDecision.None, decision.Rule);
    }

    [Theory]
    [InlineData("auto", EnergyMode.Auto)]
    [InlineData(" OFF ", EnergyMode.Off)]
    public void EnergyModeText_parses_auto_and_off(string text, EnergyMode expected)
    {
        Assert.Equal(expected, EnergyModeText.Parse(text));
    }

    [Fact]
    public void EnergyModeText_rejects_other_words()
    {
        Assert.Throws<FormatException>(() => EnergyModeText.Parse("eco"));
    }
}
