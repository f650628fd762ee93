namespace Engine.Host.Commands;

using System.CommandLine;
using System.Text.Json;
using Engine.Host.Bench.Chaos;

/// <summary>`bench chaos`: randomized schedules of faults on a three-member loopback cluster, and the invariants after each.</summary>
public static class BenchChaosCommand
{
    public static Command Create()
    {
        var schedules = CliOptions.Count("--schedules", "How many schedules to run (seeds seed, seed+1, ...)", 1, BenchCommand.MostRepeats, 5);
        var seed = new Option<int>("--seed") { Description = "The first schedule's seed; a failing seed replays", DefaultValueFactory = _ => 1 };
        var json = CliOptions.Json();
        var command = new Command("chaos", "Kill, freeze, slow members, lower caps, throw and cancel at random; check every job's invariants")
        {
            schedules, seed, json,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var report = await ChaosHarness.RunAsync(parse.GetValue(schedules), parse.GetValue(seed),
                parse.InvocationConfiguration.Error, cancellation);
            parse.InvocationConfiguration.Output.WriteLine(parse.GetValue(json)
                ? report.ToJson().ToJsonString(new JsonSerializerOptions { WriteIndented = false })
                : string.Join(Environment.NewLine, report.ToText()));
            return report.Passed ? 0 : 1;
        });
        return command;
    }
}
