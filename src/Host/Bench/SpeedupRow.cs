namespace Engine.Host.Bench;

/// <summary>One line of the speedup table: threads on the job (the caller's lane included) and their timings.</summary>
public sealed record SpeedupRow(int Helpers, double MeanSeconds, double RsdPercent, double Speedup,
    double ParallelForMeanSeconds, double ParallelForRsdPercent);
