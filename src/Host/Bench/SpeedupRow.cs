namespace Engine.Host.Bench;

/// <summary>One line of the speedup table: threads on the job (the caller's lane included) and their timings.</summary>
/// <param name="LimitMeanSeconds">The same work on as many plain threads with no engine: the machine's limit.</param>
public sealed record SpeedupRow(int Helpers, double MeanSeconds, double RsdPercent, double Speedup,
    double ParallelForMeanSeconds, double ParallelForRsdPercent, double LimitMeanSeconds, double LimitRsdPercent)
{
    /// <summary>How close the engine comes to the limit: limit time over engine time (1 = at the limit).</summary>
    public double LimitRatio => LimitMeanSeconds / MeanSeconds;
}
