namespace Actors.Tests.Cluster;

using Actors.Tests.Support;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Engine;
using Engine.Actors;
using Engine.Actors.Cluster;
using Engine.Actors.Protocol;
using Engine.Kernels;
using Engine.Kernels.BuiltIn;
using Engine.Policies;
using Engine.Topology;

/// <summary>
/// Engine members as ActorSystems in this process, each with remoting on its own 127.0.0.1 port, joined into
/// one Akka.Cluster. Every member has one fake node of two CPUs and caps of 2 helpers, and knows the built-in
/// kernels and <see cref="SlowHashKernel"/>; jobs are cut into 32 chunks per thread.
/// </summary>
public sealed class LoopbackCluster : IAsyncDisposable
{
    // The victim of a crash test leaves no goodbye: terminating it must not run the cluster's leave protocol.
    private const string CrashableConfig = """
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.cluster.run-coordinated-shutdown-when-down = off
        """;

    private readonly List<ActorSystem> _members = [];

    public IReadOnlyList<ActorSystem> Members => _members;

    public static EngineSettings MemberSettings => EngineConfig.DefaultSettings with
    {
        Topology = new MachineTopology([new NumaNode(0, [0, 1])], [0, 1], null, ["fake: 1 node x 2 CPUs"]),
        Pin = false,
        // About spreading work, not politeness: SCHED_IDLE helpers would starve behind tests running alongside.
        HelperIdleClass = false,
        HelperCgroup = false,
        Caps = new CapsConfig(2, 2),
        // Many short chunks, so a member that is slow to attach (a loaded CI machine) still finds some left.
        LoadBalanceFactor = 32,
        ClusterLoadBalanceFactor = 32,
        ProgressInterval = TimeSpan.FromMilliseconds(50),
    };

    /// <param name="tls">This member's certificate and the cluster's CA; null: plain TCP.</param>
    /// <param name="slowHash">What this member runs for <see cref="SlowHashKernel.Name"/> (e.g. a frozen one); null: the slow hash.</param>
    /// <param name="settings">This member's engine settings; null: <see cref="MemberSettings"/>.</param>
    public ActorSystem Start(bool crashable = false, ClusterTls? tls = null, IChunkKernel? slowHash = null, EngineSettings? settings = null)
    {
        var config = ClusterConfig.Member("127.0.0.1", 0, [], tls: tls)
            .WithFallback(crashable ? ConfigurationFactory.ParseString(CrashableConfig) : Config.Empty)
            .WithFallback(ConfigurationFactory.ParseString("akka.loglevel = WARNING"));
        var system = ActorSystem.Create("engine", ClusterConfig.Setup(config, tls));
        var engine = WorkEngine.Start(system, settings ?? MemberSettings);
        foreach (var (name, kernel) in BuiltInKernels.All)
            engine.Register(name, kernel);
        engine.Register(SlowHashKernel.Name, slowHash ?? new SlowHashKernel());
        var first = _members.Count == 0 ? system : _members[0];
        Akka.Cluster.Cluster.Get(system).Join(Akka.Cluster.Cluster.Get(first).SelfAddress);
        _members.Add(system);
        return system;
    }

    /// <summary>Waits until every started member sees every other one Up.</summary>
    public async Task AllUp(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!_members.All(m => Akka.Cluster.Cluster.Get(m).State.Members.Count(x => x.Status == MemberStatus.Up) == _members.Count))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the {_members.Count} members did not all come up within {timeout}");
            await Task.Delay(100);
        }
    }

    public static Address AddressOf(ActorSystem system) => Akka.Cluster.Cluster.Get(system).SelfAddress;

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_members.Select(m => m.Terminate()));
    }
}
