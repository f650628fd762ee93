namespace Engine.Host.Bench;

/// <summary>One line of the speedup table: threads on the job (the caller's lane included) and their timings.</summary>
/// <param name="LimitMeanSeconds">The same work on as many plain threads with no engine: the machine's limit.</param>
/// <param name="BestSeconds">The engine's fastest run: on a shared machine, the one others disturbed least.</param>
/// <param name="LimitBestSeconds">The limit's fastest run.</param>
/// <param name="CpuSeconds">The process's CPU time per engine run (every thread, the engine's own included).</param>
/// <param name="LimitCpuSeconds">The process's CPU time per limit run.</param>
public sealed record SpeedupRow(int Helpers, double MeanSeconds, double RsdPercent, double Speedup,
    double ParallelForMeanSeconds, double ParallelForRsdPercent, double LimitMeanSeconds, double LimitRsdPercent,
    double BestSeconds, double LimitBestSeconds, double CpuSeconds, double LimitCpuSeconds)
{
    /// <summary>How close the engine comes to the limit: limit time over engine time (1 = at the limit), of the means.</summary>
    public double LimitRatio => LimitMeanSeconds / MeanSeconds;

    /// <summary>The same of the fastest runs: steadier where other work comes and goes.</summary>
    public double LimitRatioBest => LimitBestSeconds / BestSeconds;

    /// <summary>
    /// The same of CPU time: what the engine spends beside the work, blind to time others' processes took from the
    /// threads (and to a thread left idle at the end, which only the wall-time ratios show).
    /// </summary>
    public double LimitCpuRatio => CpuSeconds > 0 ? LimitCpuSeconds / CpuSeconds : 0;
}
