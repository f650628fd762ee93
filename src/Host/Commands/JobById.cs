namespace Engine.Host.Commands;

using System.CommandLine;
using Akka.Actor;
using Engine.Actors.Coordination;
using Engine.Actors.Protocol;
using Engine.Host.Cluster;

/// <summary>
/// What `wait ID`, `cancel ID` and `status --job ID` share: the member that coordinates the job, a client
/// process that asks it, and the job's state (also once its submitter is gone, or its member resumed it).
/// </summary>
public sealed class JobById : IAsyncDisposable
{
    public static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(10);

    private JobById(ClientProcess client, IActorRef coordinator, JobStatus status) =>
        (Client, Coordinator, Status) = (client, coordinator, status);

    public ClientProcess Client { get; }
    public IActorRef Coordinator { get; }
    public JobStatus Status { get; }

    public static Argument<string> IdArgument() => new("id") { Description = "The job's id (as `submit --detach` printed it)" };

    /// <summary>Asks <paramref name="member"/> for the job; null after one line on <paramref name="errors"/> and its exit code.</summary>
    public static async Task<(JobById? Job, int Exit)> Open(string jobId, Address member, string hostname, ClusterTls? tls, TextWriter errors)
    {
        var client = ClientProcess.Start(hostname, tls);
        try
        {
            var coordinator = await client.Coordinator(member);
            switch (await coordinator.Ask<object>(new GetJobStatus(jobId), AnswerTimeout))
            {
                case JobStatus status:
                    return (new JobById(client, coordinator, status), 0);
                default:
                    errors.WriteLine($"error: jobId: no job '{jobId}' at {member} (it never ran there, or it finished longer ago than engine.journal.keep-finished)");
                    await client.DisposeAsync();
                    return (null, Cli.BadInput);
            }
        }
        catch (Exception e) when (e is ClusterUnreachableException or AskTimeoutException)
        {
            errors.WriteLine($"error: {e.Message}");
            await client.DisposeAsync();
            return (null, 3);
        }
    }

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
