namespace Engine.Host.Commands;

using System.CommandLine;
using Engine.Host.Bench;
using Engine.Host.Bench.Politeness;
using Engine.Host.Output;
using Engine.Kernels.BuiltIn.Burn;

/// <summary>
/// `bench [kernel]`: the slides' speedup table with a Parallel.For baseline, empty-chunk dispatch, idle CPU, peak
/// memory and politeness; `bench politeness` and `bench cluster` alone. Figures go to stdout (one JSON object with
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
        var json = CliOptions.Json();
        var plot = CliOptions.Plot();
        var command = new Command("bench", "Speedup table against Parallel.For, dispatch rate, idle CPU, memory and politeness")
        {
            kernel, size, rounds, helpers, repeats, idle, politeness, json, plot,
            BenchPolitenessCommand.Create(),
            ClusterBenchCommand.Create(),
        };
        command.Validators.Add(r =>
        {
            if (r.Parsed(rounds) is not null && (r.GetValue(kernel) ?? BurnKernel.Name) != BurnKernel.Name)
                r.AddError($"--rounds: only the {BurnKernel.Name} kernel has rounds");
        });
        command.SetAction(async (parse, cancellation) =>
        {
            var log = parse.InvocationConfiguration.Error;
            var name = parse.GetValue(kernel)!;
            var options = new SpeedupOptions(name, parse.GetValue(size) ?? DefaultSize(name), parse.GetValue(rounds),
                parse.GetValue(helpers), parse.GetValue(repeats), TimeSpan.FromSeconds(parse.GetValue(idle)));
            var speedup = await SpeedupBench.RunAsync(options, log, cancellation);
            var dispatch = await DispatchBench.ChunksPerSecondAsync(DispatchChunks, log, cancellation);
            var politenessSeconds = parse.GetValue(politeness);
            var polite = politenessSeconds > 0
                ? await PolitenessBench.RunAsync(new PolitenessOptions(TimeSpan.FromSeconds(politenessSeconds), Environment.ProcessorCount), log, cancellation)
                : null;
            var report = new BenchReport(name, Environment.ProcessorCount, speedup.Size, options.Repeats, speedup, dispatch,
                PeakRss.Bytes(), polite);
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

    /// <summary>A few seconds on one core in a Release build.</summary>
    private static long? DefaultSize(string kernel) => kernel == BurnKernel.Name ? 3_000_000 : null;
}
