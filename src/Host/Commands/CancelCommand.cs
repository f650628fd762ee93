namespace Engine.Host.Commands;

using System.CommandLine;
using Akka.Actor;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Actors.Protocol;

/// <summary>
/// `cancel ID --cluster &lt;member&gt;`: stops a job submitted with `submit --detach` (or resumed after a restart),
/// from any client; it answers once its chunks in flight are in and its undo has run.
/// </summary>
public static class CancelCommand
{
    public static Command Create()
    {
        var jobId = JobById.IdArgument();
        var cluster = CliOptions.ClusterAddress("The member coordinating the job (akka.tcp://engine@host:4053)");
        var hostname = CliOptions.Hostname("Address of this client that the member can reach back", "127.0.0.1");
        var command = new Command("cancel", "Cancel a detached job by id and wait until it has stopped") { jobId, cluster, hostname };
        var tlsOptions = new TlsOptions();
        tlsOptions.AddTo(command);
        command.SetAction((parse, _) =>
            tlsOptions.TryRead(parse, TlsOptions.Exposed(parse.GetValue(hostname)!, parse.GetValue(cluster)!), parse.InvocationConfiguration.Error, out var tls)
                ? Run(parse.GetValue(jobId)!, parse.GetValue(cluster)!, parse.GetValue(hostname)!, tls,
                    parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error)
                : Task.FromResult(Cli.BadInput));
        return command;
    }

    private static async Task<int> Run(string jobId, Address member, string hostname, ClusterTls? tls, TextWriter output, TextWriter errors)
    {
        var (job, exit) = await JobById.Open(jobId, member, hostname, tls, errors);
        if (job is null)
            return exit;
        await using var _ = job;
        if (job.Status.State is JobState.Completed or JobState.Failed)
        {
            errors.WriteLine($"error: job {jobId} has already finished ({job.Status.State.ToString().ToLowerInvariant()})");
            return 1;
        }
        var answer = JobSubmission.WatchAsync(job.Client.System, job.Coordinator, jobId);
        job.Coordinator.Tell(new CancelJob(jobId));
        try
        {
            await answer.WaitAsync(CancelWait);
            errors.WriteLine($"error: job {jobId} completed before the cancel reached it");
            return 1;
        }
        catch (JobFailedException e) when (e.Kind == Jobs.JobFailureKind.Cancelled)
        {
            output.WriteLine($"job {jobId}: cancelled");
            return 0;
        }
        catch (JobFailedException e)
        {
            errors.WriteLine($"error: job {jobId} ended otherwise ({e.Kind}): {e.Message}");
            return 1;
        }
        catch (TimeoutException)
        {
            errors.WriteLine($"error: job {jobId} did not stop within {CancelWait.TotalSeconds:0} s "
                + "(only its submitter may cancel a job not submitted with --detach)");
            return 1;
        }
    }

    /// <summary>Long enough for the chunks in flight and an undo; a refused cancel is reported after it.</summary>
    private static readonly TimeSpan CancelWait = TimeSpan.FromSeconds(60);
}
