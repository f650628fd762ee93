namespace Host.Tests.Cluster;

using System.Diagnostics;
using System.Text.Json;
using Actors.Tests.Support;
using Akka.Actor;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Host;
using Engine.Host.Cluster;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Kernels.BuiltIn;
using Engine.Kernels.BuiltIn.Hash;
using Host.Tests.Support;
using Xunit.Abstractions;

/// <summary>
/// Three `node` processes journalling to one PostgreSQL: a job is an entity of cluster sharding, so when the member
/// that owns it dies (SIGKILL), another member takes it over from the shared ledger and finishes it.
/// </summary>
public sealed class FailoverProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(90);
    private const long Size = 8L << 30;
    private const ulong Seed = 5;
    private readonly PostgresServer _postgres = PostgresServer.Start();
    private readonly List<HostProcess> _processes = [];

    [Fact]
    public async Task A_job_whose_member_is_SIGKILLed_mid_job_is_taken_over_by_another_and_its_submitter_and_a_wait_from_a_fourth_process_get_the_single_host_digest()
    {
        var ports = Enumerable.Range(0, 3).Select(_ => HostProcess.FreePort()).ToArray();
        var addresses = ports.Select(p => $"akka.tcp://engine@127.0.0.1:{p}").ToArray();
        var members = ports.Select((port, i) => StartMember(i == 0
            ? ["node", "--port", $"{port}"]
            : ["node", "--port", $"{port}", "--seeds", addresses[0]])).ToArray();
        foreach (var address in addresses)
            await members[0].WaitFor($"member up: {address}$", Startup);
        foreach (var member in members[1..])
            await member.WaitFor($"member up: {addresses[0]}$", Startup);

        // The submitter stays connected (to the member it submitted to, the job's first owner) for its one answer.
        await using var client = ClientProcess.Start("127.0.0.1");
        var submittedTo = await client.Coordinator(Address.Parse(addresses[1]));
        var progress = new JobIdFromProgress();
        var submitted = JobSubmission.RunAsync(client.System, submittedTo,
            BuiltInJobs.Spec(new RunOptions("hash", Size, null, null, null, Placement.AnyNode, null, null, Seed, true)),
            progress: progress);
        var jobId = await progress.JobId.WaitAsync(Startup);
        JobStatus status;
        do
            status = await submittedTo.Ask<JobStatus>(new GetJobStatus(jobId), TimeSpan.FromSeconds(30));
        while (status.Owner is null);
        var owner = Array.IndexOf(addresses, status.Owner);
        Assert.True(owner >= 0, $"owner {status.Owner} is none of {string.Join(", ", addresses)}");
        // A fourth process waits for the job through a member that survives, from before the kill.
        var wait = Start("wait", jobId, "--cluster", addresses[(owner + 2) % 3], "--json");
        await wait.WaitFor(@"chunks \d+/\d+", Startup);

        // Killed once some of its chunks are in the shared journal, while it still runs.
        JobStatus atKill;
        do
            atKill = await submittedTo.Ask<JobStatus>(new GetJobStatus(jobId), TimeSpan.FromSeconds(30));
        while (atKill.ChunksJournaled == 0);
        members[owner].Kill();
        var sinceKill = Stopwatch.StartNew();
        await members[owner].Exit(TimeSpan.FromSeconds(30));
        Assert.Equal(JobState.Running, atKill.State);
        var chunks = atKill.Progress!.Chunks;
        Assert.True(atKill.ChunksJournaled < chunks, $"{atKill.ChunksJournaled} of {chunks} chunks journalled: the job had ended");

        // Running again on a member that is still there, found through a third one's coordinator.
        var survivor = await client.Coordinator(Address.Parse(addresses[(owner + 1) % 3]));
        var resumedAt = await RunningElsewhere(survivor, jobId, addresses[owner], Startup * 2);
        var takeover = sinceKill.Elapsed;
        Assert.Contains(resumedAt.Owner, addresses.Where((_, i) => i != owner));

        var answer = await submitted.WaitAsync(TimeSpan.FromSeconds(600));
        Assert.True(await wait.Exit(TimeSpan.FromSeconds(600)) == 0, wait.Output);
        var report = JsonDocument.Parse((await wait.WaitFor("^\\{.*\\}$", TimeSpan.FromSeconds(1))).Value).RootElement;

        var single = SingleHostRoot();
        Assert.Equal(single, answer.ValueAs<MerkleSegment>().Root);
        Assert.Equal(single, report.GetProperty("root").GetString());
        Assert.True(answer.Statistics.Journaled);
        // Every chunk journalled before the kill came back from the ledger; the new owner ran each other chunk once.
        var resumed = answer.Statistics.ResumedChunks;
        Assert.Equal(resumed, report.GetProperty("resumed_chunks").GetInt64());
        Assert.InRange(resumed, atKill.ChunksJournaled, chunks - 1);
        Assert.Equal(chunks - resumed, answer.Statistics.ChunksPerMember.Values.Sum());
        Assert.DoesNotContain(addresses[owner], answer.Statistics.ChunksPerMember.Keys);
        // Chunks run again: those done at the kill whose ledger entry had not landed (at most those in flight then).
        var rerun = Math.Max(0, atKill.Progress.ChunksDone - resumed);
        output.WriteLine($"failover: owner {addresses[owner]} SIGKILLed with {atKill.ChunksJournaled} of {chunks} chunks journalled, "
            + $"{atKill.Progress.ChunksDone} done; running again on {resumedAt.Owner} {takeover.TotalSeconds:F1} s later; "
            + $"{resumed} chunks read back, {rerun} re-run");
    }

    /// <summary>The job's id, from its first progress report (taken on the listener's thread, not posted anywhere).</summary>
    private sealed class JobIdFromProgress : IProgress<JobProgress>
    {
        private readonly TaskCompletionSource<string> _jobId = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<string> JobId => _jobId.Task;

        public void Report(JobProgress value) => _jobId.TrySetResult(value.JobId);
    }

    public void Dispose()
    {
        foreach (var process in _processes)
            process.Dispose();
        _postgres.Dispose();
    }

    /// <summary>Asks until the job runs on a member other than <paramref name="lost"/> (its shard moved and it recovered).</summary>
    private static async Task<JobStatus> RunningElsewhere(IActorRef coordinator, string jobId, string lost, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await coordinator.Ask<object>(new GetJobStatus(jobId), TimeSpan.FromSeconds(2)) is JobStatus { Owner: { } owner } status
                    && owner != lost && status.State == JobState.Running)
                    return status;
            }
            catch (AskTimeoutException)
            {
                // Held by the shard region while the shard has no home yet.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"job {jobId} not running on another member within {timeout}");
            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Journalled to the shared database; helpers at the ordinary priority (failover, not politeness), and chunks
    /// small enough that the kill falls mid-job however fast this machine is today.
    /// </summary>
    private HostProcess StartMember(params string[] args) => Start(new Dictionary<string, string>
    {
        ["ENGINE_JOURNAL_MODE"] = "postgres",
        ["ENGINE_POSTGRES"] = _postgres.ConnectionString,
        ["ENGINE_LOAD_BALANCE_FACTOR"] = "64",
        ["ENGINE_HELPER_SCHEDULER"] = "normal",
        ["ENGINE_HELPER_CGROUP"] = "off",
        ["ENGINE_NICE"] = "0",
    }, args);

    private HostProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    private HostProcess Start(Dictionary<string, string> environment, params string[] args)
    {
        var process = HostProcess.Start(environment, args);
        _processes.Add(process);
        return process;
    }

    private static string SingleHostRoot()
    {
        var whole = new ChunkRange(0, 0, Size);
        return ((MerkleSegment)((IChunkKernel)BuiltInKernels.Hash).Run(new ChunkContext("reference", whole, new HashArgs(Seed: Seed), 0, CancellationToken.None))!).Root;
    }
}
