namespace Host.Tests.Cluster;

using System.Text.Json;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Kernels.BuiltIn;
using Engine.Kernels.BuiltIn.Hash;
using Host.Tests.Support;

/// <summary>Three `node` processes on loopback form a cluster; a job submitted from a fourth survives SIGKILL of a member.</summary>
public sealed class ClusterProcessTests : IDisposable
{
    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);
    private readonly List<HostProcess> _processes = [];

    [Fact]
    public async Task A_hash_job_survives_SIGKILL_of_a_member_and_gives_the_single_host_digest()
    {
        var ports = Enumerable.Range(0, 3).Select(_ => HostProcess.FreePort()).ToArray();
        var seed = $"akka.tcp://engine@127.0.0.1:{ports[0]}";
        var members = ports.Select((port, i) => Start(i == 0
            ? ["node", "--port", $"{port}"]
            : ["node", "--port", $"{port}", "--seeds", seed])).ToArray();
        foreach (var port in ports)
            await members[0].WaitFor($"member up: akka.tcp://engine@127.0.0.1:{port}$", Startup);
        foreach (var member in members[1..])
            await member.WaitFor($"member up: .*:{ports[0]}$", Startup);

        // Long enough that `status`, a process of its own per look, sees the members helping even beside a busy suite.
        var submit = Start("submit", "--cluster", seed, "hash", "--size", "16GiB", "--seed", "11", "--json");
        await submit.WaitFor(@"chunks (\d+)/(\d+)", TimeSpan.FromSeconds(60));
        // Killed only once it helps (holds spans), however busy the machine is: then its spans must be handed out again.
        var helping = await HelpingMember(seed, Startup);
        var victim = Array.FindIndex(ports, p => helping.EndsWith($":{p}", StringComparison.Ordinal));
        members[victim].Kill();
        var exit = await submit.Exit(TimeSpan.FromSeconds(120));

        Assert.True(exit == 0, submit.Output);
        var report = JsonDocument.Parse((await submit.WaitFor("^\\{.*\\}$", TimeSpan.FromSeconds(1))).Value).RootElement;
        Assert.Equal(SingleHostRoot(16L << 30, 11), report.GetProperty("root").GetString());
        // Whoever ran them (the victim's spans are requeued, or copied once their lease ran out), each chunk counts once.
        Assert.Equal(report.GetProperty("chunks").GetInt64(),
            report.GetProperty("chunks_per_member").EnumerateObject().Sum(m => m.Value.GetInt64()));
        await members[0].WaitFor($"member unreachable: .*:{ports[victim]}$", TimeSpan.FromSeconds(1));
    }

    public void Dispose()
    {
        foreach (var process in _processes)
            process.Dispose();
    }

    /// <summary>
    /// About failover, not politeness: SCHED_IDLE helpers would never run beside other tests' work, so a member could
    /// hold no span when it is killed.
    /// </summary>
    private static readonly Dictionary<string, string> Ordinary = new()
    {
        ["ENGINE_HELPER_SCHEDULER"] = "normal",
        ["ENGINE_HELPER_CGROUP"] = "off",
        ["ENGINE_NICE"] = "0",
    };

    /// <summary>A member other than the seed (the coordinator's) whose helpers work on the job, from `status`.</summary>
    private static async Task<string> HelpingMember(string seed, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var status = HostProcess.Start("status", "--cluster", seed, "--json");
            if (await status.Exit(timeout) == 0 && status.StandardOutput.SingleOrDefault() is { } line
                && JsonDocument.Parse(line).RootElement.GetProperty("members").EnumerateArray()
                    .FirstOrDefault(m => m.GetProperty("address").GetString() != seed
                        && m.GetProperty("busy_helpers").ValueKind == JsonValueKind.Number
                        && m.GetProperty("busy_helpers").GetInt32() >= 1) is { ValueKind: JsonValueKind.Object } member)
                return member.GetProperty("address").GetString()!;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"no member but the seed had a busy helper within {timeout}:{Environment.NewLine}{status.Output}");
        }
    }

    private HostProcess Start(params string[] args)
    {
        var process = HostProcess.Start(Ordinary, args);
        _processes.Add(process);
        return process;
    }

    private static string SingleHostRoot(long size, ulong seed)
    {
        var arguments = new HashArgs(Seed: seed);
        var whole = new ChunkRange(0, 0, size);
        return ((MerkleSegment)((IChunkKernel)BuiltInKernels.Hash).Run(new ChunkContext("reference", whole, arguments, 0, CancellationToken.None))!).Root;
    }
}
