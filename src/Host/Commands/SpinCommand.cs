namespace Engine.Host.Commands;

using System.CommandLine;
using System.Globalization;
using Engine.Host.Bench.Politeness;

/// <summary>`spin` (hidden): the politeness bench's foreground, a child process so it can run in another session.</summary>
public static class SpinCommand
{
    public static Command Create()
    {
        var seconds = CliOptions.Seconds("--seconds", "How long to spin", 5, zeroSkips: false);
        var threads = CliOptions.Threads("--threads", "Busy threads");
        var command = new Command("spin", "Busy threads doing fixed work; prints rounds per second") { seconds, threads };
        command.Hidden = true;
        command.SetAction(parse =>
        {
            var rate = SpinLoop.RoundsPerSecond(parse.GetValue(threads), TimeSpan.FromSeconds(parse.GetValue(seconds)));
            parse.InvocationConfiguration.Output.WriteLine(rate.ToString("0.###", CultureInfo.InvariantCulture));
            return 0;
        });
        return command;
    }
}
