namespace Engine.Host.Commands;

using System.CommandLine;
using Engine.Host.Bench.Chaos;
using Engine.Host.Cluster;

/// <summary>
/// `chaos-member` (hidden): a `node` with the chaos harness's kernels, whose completions and undos go to a journal
/// file the harness reads back; a child of `bench chaos` in a network namespace of its own.
/// </summary>
public static class ChaosMemberCommand
{
    public static Command Create()
    {
        var hostname = CliOptions.Hostname("Address to bind and be reached at", "127.0.0.1");
        var port = CliOptions.Count("--port", "TCP port of this member", 1, 65_535, 4053);
        var seeds = new Option<string[]>("--seeds") { Description = "Members to join; none: this member starts the cluster", AllowMultipleArgumentsPerToken = true };
        var journal = new Option<FileInfo>("--journal") { Description = "File the kernels' records are appended to", Required = true };
        var command = new Command("chaos-member", "A cluster member running the chaos harness's kernels") { hostname, port, seeds, journal };
        command.Hidden = true;
        command.SetAction(async (parse, cancellation) =>
        {
            await using var records = new StreamWriter(parse.GetValue(journal)!.FullName, append: true);
            var ledger = new ChaosLedger(records);
            var faults = new MemberFaults();
            var options = new MemberOptions(parse.GetValue(hostname)!, null, parse.GetValue(port), parse.GetValue(seeds) ?? [], null, null,
                engine =>
                {
                    engine.Register(ChaosKernel.Pure, new ChaosKernel(ledger, faults, undoable: false));
                    engine.Register(ChaosKernel.Undoing, new ChaosKernel(ledger, faults, undoable: true));
                });
            return await RejoiningMember.RunAsync(options, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellation);
        });
        return command;
    }
}
