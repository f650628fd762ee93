namespace Engine.Host.Bench.Limits;

/// <summary>One timed run of a limit loop.</summary>
/// <param name="Result">The job's own result when the loop computes it too (burn), so it can be compared; null otherwise.</param>
public sealed record LimitRun(double Seconds, object? Result);
