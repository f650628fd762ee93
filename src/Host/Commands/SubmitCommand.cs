namespace Engine.Host.Commands;

using System.CommandLine;
using Akka.Actor;
using Engine.Actors;
using Engine.Actors.Protocol;
using Engine.Host.Cluster;

/// <summary>`submit --cluster &lt;member&gt; &lt;kernel&gt;`: a job for a running cluster, split by that member and run by all.</summary>
public static class SubmitCommand
{
    public static Command Create()
    {
        var job = new JobArguments();
        var cluster = CliOptions.ClusterAddress("The member to submit to (akka.tcp://engine@host:4053); every member helps");
        var hostname = CliOptions.Hostname("Address of this client that the member can reach back", "127.0.0.1");
        var detach = new Option<bool>("--detach") { Description = "Print the job's id once accepted and return; the job goes on (see `wait ID`, `status --job ID`, `cancel ID`)" };
        var command = new Command("submit", "Submit a built-in job to a running cluster and print its progress and result") { cluster, hostname, detach };
        job.AddTo(command);
        var tlsOptions = new TlsOptions();
        tlsOptions.AddTo(command);
        command.SetAction((parse, cancellation) =>
            tlsOptions.TryRead(parse, TlsOptions.Exposed(parse.GetValue(hostname)!, parse.GetValue(cluster)!), parse.InvocationConfiguration.Error, out var tls)
                ? Run(job.Read(parse), parse.GetValue(cluster)!, parse.GetValue(hostname)!, tls, parse.GetValue(detach),
                    parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, cancellation)
                : Task.FromResult(2));
        return command;
    }

    private static async Task<int> Run(RunOptions options, Address member, string hostname, ClusterTls? tls, bool detach,
        TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        if (ConsoleJob.Spec(options, errors) is not { } spec)
            return 2;
        await using var client = ClientProcess.Start(hostname, tls);
        IActorRef coordinator;
        try
        {
            coordinator = await client.Coordinator(member);
        }
        catch (ClusterUnreachableException e)
        {
            errors.WriteLine($"error: {e.Message}");
            return 3;
        }
        if (detach)
            return await Detach(coordinator, spec, options.Json, output, errors);
        return await ConsoleJob.RunAsync(spec, options, $"on the cluster of {member}",
            (s, progress) => JobSubmission.RunAsync(client.System, coordinator, s, null, cancellation, progress), null, output, errors);
    }

    private static async Task<int> Detach(IActorRef coordinator, Engine.Jobs.JobSpec spec, bool json, TextWriter output, TextWriter errors)
    {
        try
        {
            var jobId = await JobSubmission.SubmitDetachedAsync(coordinator, spec, JobById.AnswerTimeout);
            output.WriteLine(json ? new System.Text.Json.Nodes.JsonObject { ["job_id"] = jobId }.ToJsonString() : jobId);
            return 0;
        }
        catch (JobFailedException e)
        {
            errors.WriteLine($"job refused ({e.Kind}{(e.Field is null ? "" : $", field {e.Field}")}): {e.Message}");
            return 2;
        }
        catch (AskTimeoutException e)
        {
            errors.WriteLine($"error: {e.Message}");
            return 3;
        }
    }
}
