namespace Engine.Host.Commands;

using System.CommandLine;
using Engine.Host.Bench;
using Engine.Host.Output;

/// <summary>`bench cluster`: remote dispatch and a three-member loopback cluster against one process (see <see cref="ClusterBench"/>).</summary>
public static class ClusterBenchCommand
{
    public static Command Create()
    {
        var items = CliOptions.Size("--dispatch-chunks", "One-item chunks in the dispatch job (default 300000)", least: 1);
        var size = CliOptions.Size("--size", "Bytes of the hash job (default 1GiB)", least: 1);
        var repeats = CliOptions.Count("--repeats", "Rounds of the hash jobs, each started afresh and timed three times after two warm-up runs", 1,
            BenchCommand.MostRepeats, 5);
        var json = CliOptions.Json();
        var command = new Command("cluster", "Remote chunk dispatch over loopback and a 3-member cluster against one process")
        {
            items, size, repeats, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var report = await ClusterBench.RunAsync(parse.GetValue(items) ?? 300_000, parse.GetValue(size) ?? 1L << 30,
                parse.GetValue(repeats), parse.InvocationConfiguration.Error, cancellation);
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json) ? ClusterBenchOutput.Json(report) : ClusterBenchOutput.Text(report));
            return report.SameDigest && report.TlsSameDigest ? 0 : 1;
        });
        return command;
    }
}
