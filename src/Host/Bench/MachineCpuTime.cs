namespace Engine.Host.Bench;

/// <summary>
/// The whole machine's idle and stolen CPU time (the first line of /proc/stat, every CPU summed): idle CPU during a
/// timed run is CPU the job left unused, stolen CPU is what the hypervisor gave another guest instead.
/// </summary>
public readonly record struct MachineCpuTime(double IdleSeconds, double StolenSeconds)
{
    /// <summary>USER_HZ, the unit of /proc/stat and /proc/PID/stat on every Linux architecture the engine runs on.</summary>
    public const double ClockTicksPerSecond = 100;

    public static MachineCpuTime Read() => Parse(File.ReadLines("/proc/stat").First());

    /// <param name="cpuLine">"cpu  user nice system idle iowait irq softirq steal ...", in clock ticks (iowait is left out: it may decrease).</param>
    public static MachineCpuTime Parse(string cpuLine)
    {
        var ticks = cpuLine.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(long.Parse).ToArray();
        var steal = ticks.Length > 7 ? ticks[7] : 0;
        return new MachineCpuTime(ticks[3] / ClockTicksPerSecond, steal / ClockTicksPerSecond);
    }

    public static MachineCpuTime operator -(MachineCpuTime after, MachineCpuTime before) =>
        new(after.IdleSeconds - before.IdleSeconds, after.StolenSeconds - before.StolenSeconds);
}
