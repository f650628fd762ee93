namespace Engine.Host.Commands;

using System.CommandLine;
using System.Text.Json;
using Engine.Host.Bench;

/// <summary>`bench metrics`: only the metrics row of `bench` (the meter collected against not, alternated in one process).</summary>
public static class BenchMetricsCommand
{
    public static Command Create()
    {
        var pairs = Pairs();
        var json = CliOptions.Json("Print one JSON object (the metrics part of bench --json)");
        var command = new Command("metrics", "CPU and throughput the engine's meter costs: an OpenTelemetry MeterProvider on it against none")
        {
            pairs, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var cost = await MetricsCostBench.MeasureAsync(parse.InvocationConfiguration.Error, parse.GetValue(pairs), cancellation);
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json)
                ? cost.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = false })
                : string.Join(Environment.NewLine, cost.ToText()));
            return 0;
        });
        return command;
    }

    /// <summary>`--metrics-pairs`, also an option of `bench`: pairs of runs, metrics off and on, per comparison.</summary>
    public static Option<int> Pairs() => CliOptions.Count("--metrics-pairs",
        "Pairs of runs (metrics off, on) in each comparison, medians taken over them", 1, BenchCommand.MostRepeats, MetricsCostBench.DefaultPairs);
}
