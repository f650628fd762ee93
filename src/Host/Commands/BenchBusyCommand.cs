namespace Engine.Host.Commands;

using System.CommandLine;
using System.Text.Json;
using Engine.Host.Bench.Busy;

/// <summary>`bench busy`: on a machine whose every CPU is busy at nice 0, job time with helpers against the lane alone, and the foreground's loss.</summary>
public static class BenchBusyCommand
{
    public static readonly TimeSpan DefaultSeconds = TimeSpan.FromSeconds(5);
    public const long DefaultBurnSize = 4_000_000;
    public const long DefaultHashSize = 1L << 30;
    public const long DefaultClusterSize = 20_000_000;

    public static Command Create()
    {
        var seconds = CliOptions.Seconds("--seconds", "How long the foreground runs for each of its rates", DefaultSeconds.TotalSeconds, zeroSkips: false);
        var threads = CliOptions.Threads("--threads", "Busy foreground threads at nice 0 (default: the CPUs allowed)");
        var burn = CliOptions.Size("--burn-size", "Items of the burn job (default 4e6)");
        var hash = CliOptions.Size("--hash-size", "Bytes of the hash job (default 1GiB)");
        var repeats = CliOptions.Count("--repeats", "Runs of each job, lane alone and with helpers alternated, and rounds of the foreground's rates (medians)",
            1, BenchCommand.MostRepeats, 3);
        var clusterSize = CliOptions.Size("--cluster-size", "Items of the cluster row's burn job (default 2e7)", least: 1);
        var freeze = CliOptions.Seconds("--freeze-seconds", "How long the cluster row's member stays frozen (SIGSTOP) mid-job; 0 skips the row", 10, zeroSkips: true);
        var json = CliOptions.Json();
        var command = new Command("busy", "Every CPU busy at nice 0: burn and hash with helpers against the lane alone, and what the foreground loses")
        {
            seconds, threads, burn, hash, repeats, clusterSize, freeze, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var report = await RunAsync(TimeSpan.FromSeconds(parse.GetValue(seconds)), parse.GetValue(threads),
                parse.GetValue(burn) ?? DefaultBurnSize, parse.GetValue(hash) ?? DefaultHashSize, parse.GetValue(repeats),
                parse.GetValue(clusterSize) ?? DefaultClusterSize, TimeSpan.FromSeconds(parse.GetValue(freeze)), parse.InvocationConfiguration.Error,
                cancellation);
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json)
                ? report.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = false })
                : string.Join(Environment.NewLine, report.ToText()));
            return report.Holds ? 0 : 1;
        });
        return command;
    }

    public static Task<BusyReport> RunAsync(TimeSpan seconds, int threads, long burnSize, long hashSize, int repeats, long clusterSize,
        TimeSpan freeze, TextWriter log, CancellationToken cancellation) =>
        BusyBench.RunAsync(new BusyOptions(seconds, threads, [("burn", burnSize), ("hash", hashSize)], repeats, clusterSize, freeze), log, cancellation);
}
