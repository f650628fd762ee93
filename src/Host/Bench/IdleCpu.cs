namespace Engine.Host.Bench;

using System.Diagnostics;

/// <summary>
/// CPU this process uses while it should be idle (no job running, helpers parked), as % of one core. Measured
/// after a short settle, so the runtime's tiered recompilation of what the jobs just ran is not counted.
/// </summary>
public static class IdleCpu
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    public static async Task<double> MeasurePercentAsync(TimeSpan window)
    {
        await Task.Delay(Settle);
        using var self = Process.GetCurrentProcess();
        var before = self.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        await Task.Delay(window);
        self.Refresh();
        return 100 * (self.TotalProcessorTime - before).TotalSeconds / clock.Elapsed.TotalSeconds;
    }
}
