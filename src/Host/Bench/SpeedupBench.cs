namespace Engine.Host.Bench;

using System.Diagnostics;
using Akka.Configuration;
using Engine.Jobs;
using Engine.Kernels.BuiltIn;
using Engine.Planning;

/// <summary>What the speedup table is made of.</summary>
/// <param name="MaxThreads">Rows run from 1 to this many threads on the job (the caller's lane included).</param>
public sealed record SpeedupOptions(string Kernel, long? Size, int? Rounds, int MaxThreads, int Repeats, TimeSpan IdleWindow);

/// <param name="SameResult">Every engine run and every Parallel.For run gave the same result.</param>
public sealed record SpeedupResult(long Size, IReadOnlyList<SpeedupRow> Rows, bool SameResult, double IdleCpuPercent);

/// <summary>
/// The slides' table: for 1..N threads the job runs several times on the engine and, with the same chunks, through
/// Parallel.For; then, with the engine still up and its helpers parked, the process's idle CPU is measured.
/// </summary>
public static class SpeedupBench
{
    public static async Task<SpeedupResult> RunAsync(SpeedupOptions options, TextWriter log, CancellationToken cancellation)
    {
        // Caps count helpers: N threads are N - 1 helpers beside the caller's lane.
        var helpers = Math.Max(1, options.MaxThreads - 1);
        await using var process = EngineProcess.Start(ConfigurationFactory.ParseString(
            $"engine.caps {{ per-node = {helpers}, global = {helpers} }}"));
        var engine = process.Engine;
        var kernel = BuiltInKernels.All.Single(k => k.Key == options.Kernel).Value;
        var rows = new List<SpeedupRow>();
        var results = new HashSet<string>();
        long size = 0;
        for (var threads = 1; threads <= options.MaxThreads; threads++)
        {
            var spec = BuiltInJobs.Spec(new RunOptions(options.Kernel, options.Size, threads, null, null, Placement.AnyNode,
                options.Rounds, null, 0, false));
            size = spec.Size;
            var plan = ChunkPlanner.Plan(spec with { MinChunk = engine.Runtime.Settings.DefaultMinChunk },
                engine.Runtime.ThreadLimit, engine.Runtime.Settings.LoadBalanceFactor);
            if (threads == 1)
            {
                log.WriteLine($"bench: warm-up ({options.Kernel}, {spec.Size:N0} {BuiltInJobs.Unit(options.Kernel)})");
                await engine.RunAsync(spec, cancellation);
                ParallelForBaseline.Run(kernel, spec, plan, threads);
            }
            var engineTimes = new List<double>();
            var parallelForTimes = new List<double>();
            for (var run = 0; run < options.Repeats; run++)
            {
                // Alternated, so drift in the machine's speed hits both columns alike.
                var clock = Stopwatch.StartNew();
                var result = await engine.RunAsync(spec, cancellation);
                engineTimes.Add(clock.Elapsed.TotalSeconds);
                results.Add(BuiltInJobs.Describe(result.Value));
                var (seconds, baseline) = ParallelForBaseline.Run(kernel, spec, plan, threads);
                parallelForTimes.Add(seconds);
                results.Add(BuiltInJobs.Describe(baseline));
            }
            var mean = BenchStatistics.Mean(engineTimes);
            var row = new SpeedupRow(threads, mean, BenchStatistics.RsdPercent(engineTimes),
                rows.Count == 0 ? 1 : BenchStatistics.Speedup(rows[0].MeanSeconds, mean),
                BenchStatistics.Mean(parallelForTimes), BenchStatistics.RsdPercent(parallelForTimes));
            rows.Add(row);
            log.WriteLine($"bench: {threads} thread(s): engine {row.MeanSeconds:0.000} s (± {row.RsdPercent:0.0}%), "
                + $"Parallel.For {row.ParallelForMeanSeconds:0.000} s (± {row.ParallelForRsdPercent:0.0}%)");
        }
        log.WriteLine($"bench: idle CPU over {options.IdleWindow.TotalSeconds:0} s with the engine up");
        var idle = await IdleCpu.MeasurePercentAsync(options.IdleWindow);
        return new SpeedupResult(size, rows, results.Count == 1, idle);
    }
}
