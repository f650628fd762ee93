namespace Engine.Host.Commands;

using System.CommandLine;
using Engine.Host.Bench;
using Engine.Host.Bench.Politeness;
using Engine.Host.Output;
using Engine.Jobs;
using Engine.Kernels.BuiltIn.Burn;
using Engine.Kernels.BuiltIn.Hash;

/// <summary>
/// `bench [kernel]`: the slides' speedup table with a Parallel.For baseline and the machine's limit (the same work on
/// plain threads, no engine), empty-chunk dispatch, the engine's costs per job and per span, metrics on against off, the table predicted from
/// them for 16 cores in 2 nodes, idle CPU, peak memory, politeness and the journal's cost; `bench politeness`, `bench metrics` and `bench cluster` alone. Figures go to stdout (one JSON object with
/// --json), what is being measured to stderr.
/// </summary>
public static class BenchCommand
{
    private const long DispatchChunks = 2_000_000;

    /// <summary>More timed runs per row than anyone waits for: a bound, so a typo cannot queue days of work.</summary>
    public const int MostRepeats = 1000;

    public static Command Create()
    {
        var kernel = new Argument<string>("kernel") { Description = "Built-in kernel to time", DefaultValueFactory = _ => BurnKernel.Name };
        kernel.AcceptOnlyFromAmong([.. BuiltInJobs.Names]);
        var size = CliOptions.Size("--size", "Items in the job (default: burn 3e6, hash 2GiB, meminit 1GiB)");
        var rounds = CliOptions.Count("--rounds", "burn: mixing rounds per item (default 200)", 1);
        var helpers = CliOptions.Threads("--helpers", "Rows from 1 to this many threads on the job (default: the CPUs allowed)");
        var repeats = CliOptions.Count("--repeats", "Timed runs per row, after one warm-up", 1, MostRepeats, 3);
        var idle = CliOptions.Seconds("--idle-seconds", "How long idle CPU is measured after the jobs", 5, zeroSkips: false);
        var politeness = CliOptions.Seconds("--politeness-seconds", "Foreground run length of the politeness measurement; 0 skips it", 5, zeroSkips: true);
        var journalRepeats = CliOptions.Count("--journal-repeats", "Timed runs of each journal off/on pair (hash 4 GiB, burn 3e6); 0 skips it", 0, MostRepeats, 3);
        var busyRepeats = CliOptions.Count("--busy-repeats",
            "Runs of each `bench busy` job (every CPU busy: lane alone against helpers) and rounds of its foreground rates; 0 skips it", 0, MostRepeats, 3);
        var metricsPairs = BenchMetricsCommand.Pairs();
        var hashFile = HashFile();
        var json = CliOptions.Json();
        var plot = CliOptions.Plot();
        var command = new Command("bench", "Speedup table against Parallel.For and the machine's limit, dispatch rate, costs, predicted scaling, idle CPU, memory and politeness")
        {
            kernel, size, rounds, helpers, repeats, idle, politeness, journalRepeats, busyRepeats, metricsPairs, hashFile, json, plot,
            BenchPolitenessCommand.Create(),
            BenchMetricsCommand.Create(),
            BenchBusyCommand.Create(),
            BenchChaosCommand.Create(),
            ClusterBenchCommand.Create(),
        };
        command.Validators.Add(r =>
        {
            if (r.Parsed(rounds) is not null && (r.GetValue(kernel) ?? BurnKernel.Name) != BurnKernel.Name)
                r.AddError($"--rounds: only the {BurnKernel.Name} kernel has rounds");
            if (r.GetValue(hashFile) is not null && r.GetValue(kernel) != HashKernel.Name)
                r.AddError($"--file: only the {HashKernel.Name} kernel reads a file");
            else if (r.GetValue(hashFile) is { } hashed && r.GetValue(size) is { } bytes && File.Exists(hashed) && bytes > new FileInfo(hashed).Length)
                r.AddError($"--size: {bytes} bytes run past the end of '{hashed}' ({new FileInfo(hashed).Length} bytes)");
        });
        command.SetAction(async (parse, cancellation) =>
        {
            var log = parse.InvocationConfiguration.Error;
            var name = parse.GetValue(kernel)!;
            var options = new SpeedupOptions(name, parse.GetValue(size) ?? DefaultSize(name), parse.GetValue(rounds),
                parse.GetValue(helpers), parse.GetValue(repeats), TimeSpan.FromSeconds(parse.GetValue(idle)), parse.GetValue(hashFile));
            var speedup = await SpeedupBench.RunAsync(options, log, cancellation);
            var dispatch = await DispatchBench.ChunksPerSecondAsync(DispatchChunks, log, cancellation);
            var costs = await SpanCostBench.MeasureAsync(log, cancellation);
            var metrics = await MetricsCostBench.MeasureAsync(log, parse.GetValue(metricsPairs), cancellation);
            var predicted = PredictScaling(options, speedup, costs);
            var politenessSeconds = parse.GetValue(politeness);
            var polite = politenessSeconds > 0
                ? await PolitenessBench.RunAsync(new PolitenessOptions(TimeSpan.FromSeconds(politenessSeconds), Environment.ProcessorCount), log, cancellation)
                : null;
            var peakRss = PeakRss.Bytes();
            var journal = await JournalCostBench.MeasureAsync(JournalCostBench.Jobs, parse.GetValue(journalRepeats), log, cancellation);
            // The cluster row (a frozen member) stays with `bench busy`: it starts three members of its own.
            var busy = parse.GetValue(busyRepeats) is > 0 and var runs
                ? await BenchBusyCommand.RunAsync(BenchBusyCommand.DefaultSeconds, Environment.ProcessorCount, BenchBusyCommand.DefaultBurnSize,
                    BenchBusyCommand.DefaultHashSize, runs, BenchBusyCommand.DefaultClusterSize, TimeSpan.Zero, log, cancellation)
                : null;
            var report = new BenchReport(name, Environment.ProcessorCount, speedup.Size, options.Repeats, speedup, dispatch,
                costs, metrics, predicted, peakRss, polite, journal, busy);
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json) ? report.ToJson() : report.ToText());
            if (parse.GetValue(plot) is { } file)
            {
                SpeedupPlot.Save(file, name, speedup.Rows);
                log.WriteLine($"bench: plot written to {file}");
            }
            return speedup.SameResult ? 0 : 1;
        });
        return command;
    }

    private static Option<string?> HashFile()
    {
        var option = new Option<string?>("--file")
        {
            Description = "hash: a file to hash (default: a temporary file of generated bytes, written first); it is timed from the page cache",
        };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } path && !File.Exists(path))
                r.AddError($"--file: '{path}' is not a readable file");
        });
        return option;
    }

    /// <summary>The table on paper for the job the rows ran, from its one-thread time and the engine's measured costs.</summary>
    private static ScalingPrediction PredictScaling(SpeedupOptions options, SpeedupResult speedup, SpanCosts costs)
    {
        // The plan depends on the size only: no file (the timed one may be a temporary file, gone by now).
        var spec = BuiltInJobs.Spec(new RunOptions(options.Kernel, speedup.Size, 1, null, null, Placement.AnyNode, options.Rounds,
            null, 0, false));
        return ScalingPrediction.Predict(spec, speedup.Settings.DefaultMinChunk, speedup.Settings.LoadBalanceFactor, speedup.Rows[0].MeanSeconds, costs,
            bytes: BuiltInJobs.Unit(options.Kernel) == "bytes");
    }

    /// <summary>A few seconds on one core in a Release build.</summary>
    private static long? DefaultSize(string kernel) => kernel == BurnKernel.Name ? 3_000_000 : null;
}
