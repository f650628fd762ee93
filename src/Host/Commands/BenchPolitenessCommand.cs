namespace Engine.Host.Commands;

using System.CommandLine;
using System.Text.Json;
using Engine.Host.Bench.Politeness;

/// <summary>`bench politeness`: how much a CPU-bound foreground loses beside an engine job that could fill every CPU.</summary>
public static class BenchPolitenessCommand
{
    public static Command Create()
    {
        var seconds = CliOptions.Seconds("--seconds", "How long the foreground runs each time", 5, zeroSkips: false);
        var threads = CliOptions.Threads("--threads", "Busy foreground threads and engine helpers (default: the CPUs allowed)");
        var json = CliOptions.Json("Print one JSON object (the politeness part of bench --json)");
        var command = new Command("politeness", "Foreground throughput lost beside an engine job: nice 19, nice 0, same and other session")
        {
            seconds, threads, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var report = await PolitenessBench.RunAsync(new PolitenessOptions(TimeSpan.FromSeconds(parse.GetValue(seconds)),
                parse.GetValue(threads)), parse.InvocationConfiguration.Error, cancellation);
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json)
                ? report.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = false })
                : string.Join(Environment.NewLine, report.ToText()));
            return 0;
        });
        return command;
    }
}
