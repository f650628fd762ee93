namespace Host.Tests.Bench;

using Engine.Host.Bench;

public class MachineCpuTimeTests
{
    [Fact]
    public void Idle_ticks_are_idle_time_and_steal_ticks_are_stolen_time()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice, in 1/100 s.
        var cpu = MachineCpuTime.Parse("cpu  5950902 641525 1721138 2468431 3081 0 6919 6946 0 0");

        Assert.Equal(24_684.31, cpu.IdleSeconds, 6);
        Assert.Equal(69.46, cpu.StolenSeconds, 6);
    }

    [Fact]
    public void A_kernel_without_the_steal_column_steals_nothing()
    {
        var cpu = MachineCpuTime.Parse("cpu  100 0 50 900 10 0 2");

        Assert.Equal(9, cpu.IdleSeconds, 6);
        Assert.Equal(0, cpu.StolenSeconds);
    }

    [Fact]
    public void The_difference_of_two_readings_is_what_the_machine_idled_and_lost_between_them()
    {
        var before = MachineCpuTime.Parse("cpu  100 0 50 900 10 0 2 5");
        var after = MachineCpuTime.Parse("cpu  300 0 60 950 10 0 2 25");

        var between = after - before;

        Assert.Equal(0.5, between.IdleSeconds, 6);
        Assert.Equal(0.2, between.StolenSeconds, 6);
    }

    [Fact]
    public void This_machine_reports_its_cpu_times_since_boot()
    {
        var cpu = MachineCpuTime.Read();

        Assert.True(cpu.IdleSeconds > 0);
        Assert.True(cpu.StolenSeconds >= 0);
    }
}
