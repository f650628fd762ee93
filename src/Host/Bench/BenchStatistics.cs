namespace Engine.Host.Bench;

/// <summary>Mean, median and relative standard deviation of repeated timings, and speedups against the one-thread mean.</summary>
public static class BenchStatistics
{
    /// <summary>The middle sample (the mean of the two middle ones for an even count): one stalled run on a shared VM does not move it.</summary>
    public static double Median(IReadOnlyList<double> samples)
    {
        if (samples.Count == 0)
            throw new ArgumentException("no samples", nameof(samples));
        var sorted = samples.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static double Mean(IReadOnlyList<double> samples) => samples.Count == 0
        ? throw new ArgumentException("no samples", nameof(samples))
        : samples.Average();

    /// <summary>Sample standard deviation as a percentage of the mean; 0 for a single sample.</summary>
    public static double RsdPercent(IReadOnlyList<double> samples)
    {
        var mean = Mean(samples);
        if (samples.Count < 2 || mean == 0)
            return 0;
        var variance = samples.Sum(s => (s - mean) * (s - mean)) / (samples.Count - 1);
        return 100 * Math.Sqrt(variance) / mean;
    }

    /// <summary>How many times faster than the one-thread run: baseline mean / this mean.</summary>
    public static double Speedup(double oneThreadMean, double mean) => mean > 0
        ? oneThreadMean / mean
        : throw new ArgumentOutOfRangeException(nameof(mean), mean, "a mean time must be positive");

    /// <summary>Throughput lost beside a competitor, in percent: 1 - with / alone (negative when it gained).</summary>
    public static double LossPercent(double alone, double beside) => alone > 0
        ? 100 * (1 - beside / alone)
        : throw new ArgumentOutOfRangeException(nameof(alone), alone, "a throughput alone must be positive");
}
