namespace Host.Tests;

using System.Text.Json;
using Akka.Actor;
using Engine.Actors.Coordination;
using Engine.Host.Cluster;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Kernels.BuiltIn;
using Engine.Kernels.BuiltIn.Hash;
using Host.Tests.Support;

/// <summary>
/// A `node` killed mid-job (SIGKILL) and started again on the same state folder resumes the job from its journal;
/// `wait` from another process, after the submitter is gone, gets the single-run result.
/// </summary>
public sealed class ResumeProcessTests : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private const long Size = 4L << 30;
    private const ulong Seed = 7;
    private readonly string _stateDir = HostProcess.NewStateDir();
    private readonly List<HostProcess> _processes = [];

    [Fact]
    public async Task A_job_survives_SIGKILL_of_its_node_and_the_restarted_node_finishes_it_with_the_single_run_result_rerunning_no_journalled_chunk()
    {
        var port = HostProcess.FreePort();
        var address = $"akka.tcp://engine@127.0.0.1:{port}";
        var node = await StartNode(port);

        var submit = Start("submit", "--cluster", address, "--detach", "--json", "hash", "--size", "4GiB", "--seed", $"{Seed}");
        Assert.True(await submit.Exit(Startup) == 0, submit.Output);
        var jobId = JsonDocument.Parse((await submit.WaitFor("^\\{.*\\}$", TimeSpan.FromSeconds(1))).Value).RootElement
            .GetProperty("job_id").GetString()!;

        // Killed once some of its chunks are in the journal, while it still runs: asked from this process, so
        // the question costs milliseconds, not a client's start-up, however loaded the machine.
        JobStatus status;
        await using (var client = ClientProcess.Start("127.0.0.1"))
        {
            var coordinator = await client.Coordinator(Address.Parse(address));
            do
                status = await coordinator.Ask<JobStatus>(new GetJobStatus(jobId), TimeSpan.FromSeconds(10));
            while (status.ChunksJournaled == 0);
            node.Kill();
        }
        await node.Exit(TimeSpan.FromSeconds(30));
        Assert.Equal(JobState.Running, status.State);
        var journaled = status.ChunksJournaled;
        var chunks = status.Progress!.Chunks;
        Assert.True(journaled < chunks, $"{journaled} of {chunks} chunks journalled: the job had ended");

        await StartNode(port);
        var wait = Start("wait", jobId, "--cluster", address, "--json");
        Assert.True(await wait.Exit(TimeSpan.FromSeconds(300)) == 0, wait.Output);
        var report = JsonDocument.Parse((await wait.WaitFor("^\\{.*\\}$", TimeSpan.FromSeconds(1))).Value).RootElement;

        Assert.Equal(SingleRunRoot(), report.GetProperty("root").GetString());
        Assert.True(report.GetProperty("journaled").GetBoolean());
        // Every chunk journalled before the kill came back from the journal; the restarted node ran each other one once.
        var resumed = report.GetProperty("resumed_chunks").GetInt64();
        Assert.InRange(resumed, journaled, chunks - 1);
        Assert.Equal(chunks - resumed, report.GetProperty("chunks_per_member").EnumerateObject().Sum(m => m.Value.GetInt64()));
    }

    [Fact]
    public async Task A_detached_job_is_cancelled_by_id_from_another_process_and_then_reports_its_end()
    {
        var port = HostProcess.FreePort();
        var address = $"akka.tcp://engine@127.0.0.1:{port}";
        await StartNode(port);
        var submit = Start("submit", "--cluster", address, "--detach", "burn", "--size", "1e12");
        Assert.True(await submit.Exit(Startup) == 0, submit.Output);
        var jobId = (await submit.WaitFor("^[0-9a-f]{12}$", TimeSpan.FromSeconds(1))).Value;

        var cancel = Start("cancel", jobId, "--cluster", address);
        Assert.True(await cancel.Exit(TimeSpan.FromSeconds(120)) == 0, cancel.Output);
        await cancel.WaitFor($"^job {jobId}: cancelled$", TimeSpan.FromSeconds(1));

        var status = await Status(address, jobId);
        Assert.Equal("failed", status.GetProperty("state").GetString());
        var wait = Start("wait", jobId, "--cluster", address);
        Assert.Equal(1, await wait.Exit(Startup));
        await wait.WaitFor("job failed \\(Cancelled\\)", TimeSpan.FromSeconds(1));
        var unknown = Start("wait", "no-such-job", "--cluster", address);
        Assert.Equal(2, await unknown.Exit(Startup));
        await unknown.WaitFor("^error: jobId: no job 'no-such-job'", TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        foreach (var process in _processes)
            process.Dispose();
        if (Directory.Exists(_stateDir))
            Directory.Delete(_stateDir, recursive: true);
    }

    private async Task<HostProcess> StartNode(int port)
    {
        // 128 chunks of 32 MiB, so the kill falls mid-job however fast this machine is today.
        var node = Start(new Dictionary<string, string> { ["ENGINE_LOAD_BALANCE_FACTOR"] = "64" }, "node", "--port", $"{port}");
        await node.WaitFor($"member up: akka.tcp://engine@127.0.0.1:{port}$", Startup);
        return node;
    }

    private async Task<JsonElement> Status(string address, string jobId)
    {
        var status = Start("status", "--cluster", address, "--job", jobId, "--json");
        Assert.True(await status.Exit(Startup) == 0, status.Output);
        return JsonDocument.Parse((await status.WaitFor("^\\{.*\\}$", TimeSpan.FromSeconds(1))).Value).RootElement;
    }

    private HostProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Every process of the test on the same state folder: the restarted node must find its journal.</summary>
    private HostProcess Start(Dictionary<string, string> environment, params string[] args)
    {
        environment[HostProcess.StateDirVariable] = _stateDir;
        var process = HostProcess.Start(environment, args);
        _processes.Add(process);
        return process;
    }

    private static string SingleRunRoot()
    {
        var whole = new ChunkRange(0, 0, Size);
        return ((MerkleSegment)((IChunkKernel)BuiltInKernels.Hash).Run(new ChunkContext("reference", whole, new HashArgs(Seed: Seed), 0, CancellationToken.None))!).Root;
    }
}
