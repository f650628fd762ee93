namespace Engine.Host.Commands;

using System.CommandLine;
using Akka.Actor;
using Engine.Actors.Cluster;
using Engine.Actors.Protocol;
using Engine.Host.Cluster;
using Engine.Host.Output;

/// <summary>`status --cluster &lt;member&gt;`: the cluster's members, their NUMA nodes, caps and busy helpers.</summary>
public static class StatusCommand
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var cluster = CliOptions.ClusterAddress("Any member of the cluster (akka.tcp://engine@host:4053)");
        var hostname = CliOptions.Hostname("Address of this client that the member can reach back", "127.0.0.1");
        var json = CliOptions.Json();
        var job = new Option<string?>("--job") { Description = "One job's state and progress instead (its id, as `submit --detach` printed it)" };
        var command = new Command("status", "List a running cluster's members, their nodes, caps and busy helpers") { cluster, hostname, json, job };
        var tlsOptions = new TlsOptions();
        tlsOptions.AddTo(command);
        command.SetAction((parse, _) =>
            tlsOptions.TryRead(parse, TlsOptions.Exposed(parse.GetValue(hostname)!, parse.GetValue(cluster)!), parse.InvocationConfiguration.Error, out var tls)
                ? parse.GetValue(job) is { } jobId
                    ? RunForJob(jobId, parse.GetValue(cluster)!, parse.GetValue(hostname)!, parse.GetValue(json), tls,
                        parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)
                    : Run(parse.GetValue(cluster)!, parse.GetValue(hostname)!, parse.GetValue(json), tls,
                        parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)
                : Task.FromResult(2));
        return command;
    }

    private static async Task<int> RunForJob(string jobId, Address member, string hostname, bool json, ClusterTls? tls, TextWriter output,
        TextWriter errors)
    {
        var (job, exit) = await JobById.Open(jobId, member, hostname, tls, errors);
        if (job is null)
            return exit;
        await using var _ = job;
        output.WriteLine(json ? JobStatusReport.Json(job.Status) : JobStatusReport.Text(job.Status));
        return 0;
    }

    private static async Task<int> Run(Address member, string hostname, bool json, ClusterTls? tls, TextWriter output, TextWriter errors)
    {
        await using var client = ClientProcess.Start(hostname, tls);
        ClusterReport report;
        try
        {
            report = await (await client.Member(member)).Ask<ClusterReport>(GetClusterReport.Instance, AnswerTimeout);
        }
        catch (Exception e) when (e is ClusterUnreachableException or AskTimeoutException)
        {
            errors.WriteLine($"error: {e.Message}");
            return 3;
        }
        output.WriteLine(json ? StatusReport.Json(report) : StatusReport.Text(report));
        return 0;
    }
}
