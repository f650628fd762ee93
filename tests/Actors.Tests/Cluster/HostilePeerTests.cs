namespace Actors.Tests.Cluster;

using System.Net.Sockets;
using Actors.Tests.Support;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Actors.Cluster;
using Engine.Actors.Coordination;
using Engine.Actors.Protocol;
using Engine.Actors.Throttling;
using Engine.Actors.Workers;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Kernels.BuiltIn;
using Engine.Kernels.BuiltIn.Hash;
using Engine.Planning;
using Engine.Throttling;

/// <summary>
/// A member on mutual TLS, in the middle of a job, attacked on loopback: through TLS with a certificate of
/// another CA, in plain TCP, with random bytes, and (as a peer holding a cluster certificate) with JSON under
/// serializer 1, the engine's local messages, Akka's PoisonPill and a forged length prefix. Each is refused and
/// logged; the job completes with the single-host digest and the member serves the next job.
/// </summary>
public sealed class HostilePeerTests : TestKit, IAsyncLifetime
{
    private const int LeafSize = 1024;
    private static readonly TimeSpan JobTimeout = TimeSpan.FromSeconds(90);
    private readonly LoopbackCluster _cluster = new();
    private readonly TestCertificates _ca = new();
    private readonly List<ActorSystem> _strangers = [];

    public HostilePeerTests() : base("akka.loglevel = WARNING")
    {
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Task.WhenAll(_strangers.Select(s => s.Terminate()));
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task Every_hostile_peer_is_refused_and_logged_and_the_running_job_and_the_next_one_complete()
    {
        var target = _cluster.Start(tls: _ca.Member("target"));
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        var log = CreateTestProbe(target);
        target.EventStream.Subscribe(log.Ref, typeof(Warning));
        target.EventStream.Subscribe(log.Ref, typeof(Error));
        var address = LoopbackCluster.AddressOf(target);
        var spec = HashJob(SlowHashKernel.Name, leaves: 20_000);
        var progressed = new TaskCompletionSource();
        var running = WorkEngine.Get(target).RunAsync(spec, progress: new Progress<JobProgress>(_ => progressed.TrySetResult()));
        await progressed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var insider = Stranger(_ca.Member("insider"), ForgedPayloads.Config);
        var coordinator = insider.ActorSelection(EngineActorNames.PathAt(address, EngineActorNames.Coordinator));
        var member = insider.ActorSelection(EngineActorNames.PathAt(address, EngineActorNames.Member));
        coordinator.Tell(new ForgedJson(ForgedPayloads.DirectoryListJson));
        coordinator.Tell(new ForgedHyperion(ForgedPayloads.TypeNameClaiming(int.MaxValue - 15)));
        coordinator.Tell(new CancelJob("not-a-job"));
        foreach (var local in new object[]
                 {
                     new UpdateCaps(new HelperCaps(new Dictionary<int, int> { [0] = 0 }, 0)), new WorkerReady(0),
                     new CloseJob("job"), new AbandonJob("job"), new MemberLost(address, "forged"), new ClusterCapacity(1000),
                 })
        {
            coordinator.Tell(local);
            member.Tell(local);
        }
        member.Tell(PoisonPill.Instance);

        var intruderCa = new TestCertificates("another CA");
        var intruder = Stranger(new ClusterTls(intruderCa.Issue("intruder"), _ca.PublicAuthority), Config.Empty);
        intruder.ActorSelection(EngineActorNames.PathAt(ClusterConfig.OnTransport(address, new ClusterTls(intruderCa.Issue("x"), _ca.PublicAuthority)),
            EngineActorNames.Coordinator)).Tell(new CancelJob("any"));

        var plainPort = await SendRaw(address, AkkaLikeFrame());
        var randomPort = await SendRaw(address, RandomBytes(10 << 20));

        AwaitLogged(log,
            "serializer 1 (Newtonsoft JSON) is closed",
            "claims 2147483632 bytes",
            typeof(UpdateCaps).FullName!, typeof(WorkerReady).FullName!, typeof(CloseJob).FullName!,
            typeof(AbandonJob).FullName!, typeof(MemberLost).FullName!, typeof(ClusterCapacity).FullName!,
            "'PP'",
            "TLS: refused", "CN=intruder",
            $":{plainPort}", $":{randomPort}");

        var result = await running.WaitAsync(JobTimeout);
        Assert.Equal(SingleHostRoot(spec), ((MerkleSegment)result.Value!).Root);
        var next = HashJob(HashKernel.Name, leaves: 2_000);
        var nextResult = await WorkEngine.Get(target).RunAsync(next).WaitAsync(JobTimeout);
        Assert.Equal(SingleHostRoot(next), ((MerkleSegment)nextResult.Value!).Root);
        var report = await target.ActorSelection(EngineActorNames.LocalPath(EngineActorNames.Member))
            .Ask<ClusterReport>(GetClusterReport.Instance, TimeSpan.FromSeconds(10));
        Assert.Single(report.Members);
    }

    [Fact]
    public async Task A_lent_job_is_taken_only_from_a_current_member_with_its_own_coordinator_and_a_valid_plan_and_arguments()
    {
        var target = _cluster.Start(tls: _ca.Member("target"));
        var peer = _cluster.Start(tls: _ca.Member("peer"));
        await _cluster.AllUp(TimeSpan.FromSeconds(30));
        var log = CreateTestProbe(target);
        target.EventStream.Subscribe(log.Ref, typeof(Warning));
        var memberPath = EngineActorNames.PathAt(LoopbackCluster.AddressOf(target), EngineActorNames.Member);
        var insider = Stranger(_ca.Member("insider"), Config.Empty);
        var insiderCoordinator = CreateTestProbe(insider);
        var peerCoordinator = CreateTestProbe(peer);
        var args = new HashArgs(Seed: 1, LeafSize: LeafSize);
        var plan = new ChunkPlan(0, 64L * LeafSize, LeafSize, 2);
        HelpWithJob Lend(string jobId, IActorRef coordinator, ChunkPlan chunks, object? arguments) =>
            new(new OpenJob(new JobTicket(jobId, coordinator, HashKernel.Name, arguments, chunks), 2, []));

        insider.ActorSelection(memberPath).Tell(Lend("from-a-client", insiderCoordinator.Ref, plan, args), insiderCoordinator.Ref);
        peer.ActorSelection(memberPath).Tell(Lend("foreign-coordinator", insiderCoordinator.Ref, plan, args), peerCoordinator.Ref);
        peer.ActorSelection(memberPath).Tell(Lend("bad-plan", peerCoordinator.Ref, plan with { ChunkSize = 0 }, args), peerCoordinator.Ref);
        peer.ActorSelection(memberPath).Tell(Lend("bad-arguments", peerCoordinator.Ref, plan, "not hash arguments"), peerCoordinator.Ref);

        AwaitLogged(log,
            "Not helping with job from-a-client", "is not another current member",
            "Not helping with job foreign-coordinator", "is not on the lending member",
            "Not helping with job bad-plan", "field plan",
            "Not helping with job bad-arguments", "field arguments");
        // No helper of the target asked either coordinator for chunks.
        insiderCoordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        peerCoordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(500));
        var next = HashJob(HashKernel.Name, leaves: 2_000);
        var result = await WorkEngine.Get(target).RunAsync(next).WaitAsync(JobTimeout);
        Assert.Equal(SingleHostRoot(next), ((MerkleSegment)result.Value!).Root);
    }

    private ActorSystem Stranger(ClusterTls tls, Config extra)
    {
        var config = extra.WithFallback(ClusterConfig.Client("127.0.0.1", tls))
            .WithFallback(ConfigurationFactory.ParseString("akka.loglevel = OFF"));
        var system = ActorSystem.Create("stranger", ClusterConfig.Setup(config, tls));
        _strangers.Add(system);
        return system;
    }

    /// <summary>Connects in plain TCP, writes <paramref name="bytes"/> and returns the local port the member sees.</summary>
    private static async Task<int> SendRaw(Address member, byte[] bytes)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(member.Host!, member.Port!.Value);
        var port = ((System.Net.IPEndPoint)client.Client.LocalEndPoint!).Port;
        try
        {
            await client.GetStream().WriteAsync(bytes);
        }
        catch (IOException)
        {
            // The member may close the connection before the last byte: that is the refusal.
        }
        return port;
    }

    /// <summary>A length-prefixed frame as Akka.Remote's plain TCP transport writes one.</summary>
    private static byte[] AkkaLikeFrame()
    {
        var payload = RandomBytes(256);
        var frame = new byte[4 + payload.Length];
        BitConverter.TryWriteBytes(frame, payload.Length);
        payload.CopyTo(frame, 4);
        return frame;
    }

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(13).NextBytes(bytes);
        return bytes;
    }

    private static void AwaitLogged(TestProbe log, params string[] fragments)
    {
        var missing = new HashSet<string>(fragments);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        var seen = new List<string>();
        while (missing.Count > 0)
        {
            var left = deadline - DateTime.UtcNow;
            Assert.True(left > TimeSpan.Zero, $"not logged: {string.Join(" | ", missing)}; logged: {string.Join(" || ", seen)}");
            var logged = log.ReceiveOne(left);
            if (logged is not LogEvent e)
                continue;
            var text = $"{e.Message} {e.Cause?.Message}";
            seen.Add(text);
            missing.RemoveWhere(f => text.Contains(f, StringComparison.Ordinal));
        }
    }

    private static JobSpec HashJob(string kernel, int leaves) => new(kernel, 0, (long)leaves * LeafSize, align: LeafSize,
        arguments: new HashArgs(Seed: 7, LeafSize: LeafSize));

    private static string SingleHostRoot(JobSpec spec) => ((MerkleSegment)((IChunkKernel)BuiltInKernels.Hash).Run(new ChunkContext("reference",
        new ChunkRange(0, spec.Start, spec.End), spec.Arguments, 0, CancellationToken.None))!).Root;
}
