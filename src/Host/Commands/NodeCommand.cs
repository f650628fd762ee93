namespace Engine.Host.Commands;

using System.CommandLine;
using System.Net;
using Akka.Actor;
using Engine.Host.Cluster;
using Engine.Host.Http;

/// <summary>
/// `node`: this host as an Akka.Cluster member with its own node pools, throttler and caps. It helps with every
/// member's jobs and coordinates the jobs submitted to it, until stopped (Ctrl-C or SIGTERM leaves the cluster);
/// downed or removed by the cluster, it starts again and rejoins (<see cref="RejoiningMember"/>). Its jobs keep
/// ledgers in the journal: started again after a crash, it resumes the unfinished ones.
/// </summary>
public static class NodeCommand
{
    public static Command Create()
    {
        var hostname = CliOptions.Hostname("Address to bind and be reached at (0.0.0.0 binds all; then set --public-hostname)", "127.0.0.1");
        var publicHostname = new Option<string?>("--public-hostname") { Description = "Address other members use to reach this one, if not --hostname" };
        var port = CliOptions.Count("--port", "TCP port of this member (0: any free port)", 0, IPEndPoint.MaxPort, 4053);
        var seeds = new Option<string[]>("--seeds")
        {
            Description = "Seed members to join, comma-separated (akka.tcp://engine@host:4053); none: this member starts a cluster",
            AllowMultipleArgumentsPerToken = true,
            CustomParser = result =>
            {
                var list = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToArray();
                foreach (var seed in list)
                    if (!Address.TryParse(seed, out var address) || address.Port is null)
                        result.AddError($"--seeds: '{seed}' is not a member address (example: akka.tcp://engine@10.0.0.1:4053)");
                return list;
            },
        };
        var http = HttpOption.Create(fromEnvironment: true);
        var command = new Command("node", "Run this host as a cluster member until stopped") { hostname, publicHostname, port, seeds, http };
        var tlsOptions = new TlsOptions();
        tlsOptions.AddTo(command);
        command.SetAction((parse, cancellation) =>
        {
            var errors = parse.InvocationConfiguration.Error;
            // Where to listen comes first: a name that does not resolve says so, whatever the certificates.
            if (ListenAddress.Problem(parse.GetValue(hostname)!, parse.GetValue(port)) is { } problem)
            {
                errors.WriteLine($"error: {problem}");
                return Task.FromResult(Cli.BadInput);
            }
            return tlsOptions.TryRead(parse, parse.GetValue(hostname)!, errors, out var tls)
                ? RejoiningMember.RunAsync(new MemberOptions(parse.GetValue(hostname)!, parse.GetValue(publicHostname), parse.GetValue(port),
                    parse.GetValue(seeds) ?? [], tls, parse.GetValue(http)), parse.InvocationConfiguration.Output, errors, cancellation)
                : Task.FromResult(Cli.BadInput);
        });
        return command;
    }
}
