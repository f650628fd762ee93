namespace Engine.Host.Commands;

using System.CommandLine;
using Akka.Actor;
using Engine.Actors;
using Engine.Actors.Protocol;
using Engine.Host.Output;
using Engine.Jobs;

/// <summary>
/// `wait ID --cluster &lt;member&gt;`: a job's progress, then its result as `run` prints it (with --json the same
/// object), also when its submitter is gone, the job finished lately, or the member resumed it after a restart.
/// </summary>
public static class WaitCommand
{
    public static Command Create()
    {
        var jobId = JobById.IdArgument();
        var cluster = CliOptions.ClusterAddress("The member coordinating the job (akka.tcp://engine@host:4053)");
        var hostname = CliOptions.Hostname("Address of this client that the member can reach back", "127.0.0.1");
        var json = CliOptions.Json("Print the result as one JSON object, as `run --json`");
        var command = new Command("wait", "Wait for a job by id and print its progress and result") { jobId, cluster, hostname, json };
        var tlsOptions = new TlsOptions();
        tlsOptions.AddTo(command);
        command.SetAction((parse, _) =>
            tlsOptions.TryRead(parse, TlsOptions.Exposed(parse.GetValue(hostname)!, parse.GetValue(cluster)!), parse.InvocationConfiguration.Error, out var tls)
                ? Run(parse.GetValue(jobId)!, parse.GetValue(cluster)!, parse.GetValue(hostname)!, tls, parse.GetValue(json),
                    parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)
                : Task.FromResult(Cli.BadInput));
        return command;
    }

    private static async Task<int> Run(string jobId, Address member, string hostname, ClusterTls? tls, bool json, TextWriter output, TextWriter errors)
    {
        var (job, exit) = await JobById.Open(jobId, member, hostname, tls, errors);
        if (job is null)
            return exit;
        await using var _ = job;
        var kernel = job.Status.Kernel;
        var progress = new ProgressPrinter(errors, Terminal.IsInteractive(errors), BuiltInJobs.Unit(kernel));
        try
        {
            var result = await JobSubmission.WatchAsync(job.Client.System, job.Coordinator, jobId, progress);
            progress.Finish();
            output.WriteLine(json ? RunReport.Json(kernel, result, null) : RunReport.Text(kernel, result, null));
            return 0;
        }
        catch (JobFailedException e)
        {
            progress.Finish();
            errors.WriteLine($"job failed ({e.Kind}{(e.Field is null ? "" : $", field {e.Field}")}): {e.Message}");
            return e.Kind == JobFailureKind.InvalidSpec ? Cli.BadInput : 1;
        }
    }
}
