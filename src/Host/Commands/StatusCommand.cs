namespace Engine.Host.Commands;

using System.CommandLine;
using System.Text.Json;
using Akka.Actor;
using Engine.Actors.Cluster;
using Engine.Actors.Protocol;
using Engine.Host.Cluster;
using Engine.Host.Http;
using Engine.Host.Output;

/// <summary>
/// `status --cluster &lt;member&gt;`: the cluster's members, their NUMA nodes, caps and busy helpers, asked as a
/// cluster client; `status --http &lt;host:port&gt;`: the same from a member's JSON API, plus its jobs.
/// </summary>
public static class StatusCommand
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    public static Command Create()
    {
        var cluster = CliOptions.ClusterAddress("Any member of the cluster (akka.tcp://engine@host:4053)");
        cluster.Required = false;
        var http = HttpAddress();
        var hostname = CliOptions.Hostname("Address of this client that the member can reach back", "127.0.0.1");
        var json = CliOptions.Json();
        var job = new Option<string?>("--job") { Description = "One job's state and progress instead (its id, as `submit --detach` printed it)" };
        var command = new Command("status", "List a running cluster's members, their nodes, caps and busy helpers (and, with --http, a member's jobs)")
        {
            cluster, http, hostname, json, job,
        };
        var tlsOptions = new TlsOptions();
        tlsOptions.AddTo(command);
        command.Validators.Add(r =>
        {
            if (r.Parsed(cluster) is null == r.Parsed(http) is null)
                r.AddError("--cluster or --http: give one of them (a member's cluster address, or its --http endpoint)");
            // The JSON API is plain HTTP: a certificate given with it would protect nothing.
            else if (r.Parsed(http) is not null && command.Options.FirstOrDefault(o => IsTlsOption(o) && r.GetResult(o) is { Implicit: false }) is { } tls)
                r.AddError($"{tls.Name}: not used with --http (the endpoint is plain, read-only HTTP)");
            else if (r.Parsed(http) is not null && r.Parsed(job) is not null)
                r.AddError("--job: not used with --http (a job's state comes from a cluster member: give --cluster)");
        });
        command.SetAction((parse, cancellation) =>
        {
            if (parse.GetValue(http) is { } endpoint)
                return RunOverHttp(endpoint, parse.GetValue(json), parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellation);
            if (!tlsOptions.TryRead(parse, TlsOptions.Exposed(parse.GetValue(hostname)!, parse.GetValue(cluster)!), parse.InvocationConfiguration.Error, out var tls))
                return Task.FromResult(2);
            return parse.GetValue(job) is { } jobId
                ? RunForJob(jobId, parse.GetValue(cluster)!, parse.GetValue(hostname)!, parse.GetValue(json), tls,
                    parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)
                : Run(parse.GetValue(cluster)!, parse.GetValue(hostname)!, parse.GetValue(json), tls,
                    parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    private static bool IsTlsOption(Option option) => option.Name is "--cert" or "--ca" or "--cert-password-file" or "--insecure";

    private static Option<Uri?> HttpAddress() => new("--http")
    {
        Description = $"A member's --http endpoint (host:port or http://host:port, example: {HttpEndpoint.Example}): read /api/members and /api/jobs instead of joining as a cluster client",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (EngineApiClient.ParseAddress(text, out var error) is { } uri)
                return uri;
            result.AddError($"--http: {error}");
            return null;
        },
    };

    private static async Task<int> RunOverHttp(Uri endpoint, bool json, TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        try
        {
            var (members, jobs) = await EngineApiClient.ReadAsync(endpoint, cancellation);
            output.WriteLine(json ? HttpStatusReport.Json(endpoint, members, jobs) : HttpStatusReport.Text(endpoint, members, jobs));
            return 0;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellation.IsCancellationRequested)
        {
            errors.WriteLine($"error: {endpoint} did not answer as an engine's --http endpoint: {e.Message}");
            return 3;
        }
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
