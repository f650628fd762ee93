namespace Host.Tests.Bench;

using Engine.Host.Bench;
using Engine.Jobs;

/// <summary>The table on paper: deterministic arithmetic from measured costs, so exact relations can be asserted.</summary>
public class ScalingPredictionTests
{
    // 4 x lcm(1..16): every thread count from 1 to 16 cuts it into 4n equal chunks.
    private const long EvenlyCut = 4 * 720_720;

    private static JobSpec Job(long size) => new("burn", 0, size);

    [Fact]
    public void Without_engine_costs_equal_chunks_scale_exactly_with_the_threads()
    {
        var prediction = ScalingPrediction.Predict(Job(EvenlyCut), 1, 4, oneThreadSeconds: 8, new SpanCosts(0, 0), bytes: false);

        Assert.Equal(Enumerable.Range(1, 16), prediction.Rows.Select(r => r.Threads));
        Assert.All(prediction.Rows, r => Assert.Equal(r.Threads, r.Speedup, 9));
        Assert.All(prediction.Rows, r => Assert.Equal(8.0 / r.Threads, r.Seconds, 9));
    }

    [Fact]
    public void A_job_cost_caps_the_speedup_below_the_threads()
    {
        var prediction = ScalingPrediction.Predict(Job(EvenlyCut), 1, 4, oneThreadSeconds: 1, new SpanCosts(0.1, 0), bytes: false);

        Assert.Equal(1, prediction.Rows[0].Speedup);
        Assert.All(prediction.Rows.Skip(1), r => Assert.InRange(r.Speedup, 1, r.Threads - 1e-9));
        Assert.All(prediction.Rows.Zip(prediction.Rows.Skip(1)), p => Assert.True(p.Second.Seconds < p.First.Seconds));
    }

    [Fact]
    public void A_coordinator_slower_than_the_chunks_bounds_the_time_by_its_hand_outs()
    {
        // 64 chunks at 16 threads, each handed out in 1 s: at least 64 s whatever the work.
        var prediction = ScalingPrediction.Predict(Job(EvenlyCut), 1, 4, oneThreadSeconds: 10, new SpanCosts(0, 1), bytes: false);

        Assert.True(prediction.Rows[^1].Seconds >= 64);
        Assert.True(prediction.Rows[^1].Speedup < 1);
    }

    [Fact]
    public void A_last_chunk_that_runs_alone_shows_in_the_prediction()
    {
        // 5 equal chunks (minimum chunk of a fifth) on 4 threads: the fifth runs alone, two chunk times in all.
        var prediction = ScalingPrediction.Predict(Job(500), 100, 4, oneThreadSeconds: 5, new SpanCosts(0, 0), bytes: false);

        Assert.Equal(2.0, prediction.Rows[3].Seconds, 9);
        Assert.Equal(2.5, prediction.Rows[3].Speedup, 9);
    }

    [Fact]
    public void The_assumptions_name_the_measured_costs_the_default_caps_and_the_bandwidth_a_byte_kernel_needs()
    {
        var prediction = ScalingPrediction.Predict(Job(1L << 30), 1, 4, oneThreadSeconds: 0.5, new SpanCosts(0.002, 0.000_01), bytes: true);

        Assert.Contains(prediction.Assumptions, a => a.Contains("16 cores in 2 NUMA nodes of 8"));
        Assert.Contains(prediction.Assumptions, a => a.Contains("2 ms per job") && a.Contains("10 µs per span"));
        Assert.Contains(prediction.Assumptions, a => a.Contains("stop at 13 threads (12 helpers"));
        Assert.Contains(prediction.Assumptions, a => a.Contains("GB/s"));
        Assert.Contains(prediction.ToText(), line => line.StartsWith("predicted for 16 cores in 2 nodes"));
    }
}
