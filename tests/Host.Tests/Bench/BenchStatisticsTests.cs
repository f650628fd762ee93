namespace Host.Tests.Bench;

using Engine.Host.Bench;

public class BenchStatisticsTests
{
    [Fact]
    public void The_relative_standard_deviation_is_the_sample_deviation_over_the_mean_in_percent()
    {
        // Mean 10, sample standard deviation 2.
        double[] samples = [8, 10, 12];

        Assert.Equal(10, BenchStatistics.Mean(samples));
        Assert.Equal(20, BenchStatistics.RsdPercent(samples), 9);
    }

    [Fact]
    public void The_median_is_the_middle_sample_and_one_stalled_run_does_not_move_it()
    {
        Assert.Equal(1.1, BenchStatistics.Median([1.0, 9.0, 1.1]), 9);
        Assert.Equal(1.15, BenchStatistics.Median([1.0, 1.2, 9.0, 1.1]), 9);
    }

    [Fact]
    public void One_sample_has_no_spread()
    {
        Assert.Equal(0, BenchStatistics.RsdPercent([3.5]));
    }

    [Fact]
    public void Speedup_is_the_one_thread_time_over_this_time()
    {
        Assert.Equal(1.9, BenchStatistics.Speedup(3.8, 2.0), 9);
    }

    [Fact]
    public void Loss_is_the_share_of_throughput_given_up_and_negative_when_it_gained()
    {
        Assert.Equal(25, BenchStatistics.LossPercent(400, 300), 9);
        Assert.Equal(-10, BenchStatistics.LossPercent(100, 110), 9);
    }

    [Fact]
    public void No_samples_and_no_time_are_refused()
    {
        Assert.Throws<ArgumentException>(() => BenchStatistics.Mean([]));
        Assert.Throws<ArgumentException>(() => BenchStatistics.Median([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => BenchStatistics.Speedup(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => BenchStatistics.LossPercent(0, 1));
    }
}
