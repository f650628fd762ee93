namespace Engine.Host.Bench.Chaos;

using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Engine.Actors;
using Engine.Actors.Cluster;
using Engine.Actors.Throttling;
using Engine.Jobs;
using Engine.Policies;
using Engine.Throttling;
using Engine.Topology;

/// <summary>
/// Three engine members as ActorSystems of this process, each with remoting on its own 127.0.0.1 port and the
/// engine's own cluster settings (failure detector, downing), so faults cross real sockets; a member can die
/// without a goodbye. Each has one fake node of two CPUs and caps of two helpers.
/// </summary>
public sealed class ChaosCluster : IChaosCluster
{
    private static readonly HelperCaps MemberCaps = new(new Dictionary<int, int> { [0] = 2 }, 2);
    private static readonly HelperCaps LoweredCaps = new(new Dictionary<int, int> { [0] = 1 }, 1);
    private readonly ChaosLedger _ledger;

    private const string DiesWithoutGoodbye = """
        akka.coordinated-shutdown.run-by-actor-system-terminate = off
        akka.cluster.run-coordinated-shutdown-when-down = off
        akka.loglevel = OFF
        akka.stdout-loglevel = OFF
        """;

    private ChaosCluster(IReadOnlyList<ActorSystem> members, IReadOnlyList<MemberFaults> faults, ChaosLedger ledger) =>
        (Members, Faults, _ledger) = (members, faults, ledger);

    public IReadOnlyList<ActorSystem> Members { get; }

    public IReadOnlyList<MemberFaults> Faults { get; }

    public static EngineSettings MemberSettings => EngineConfig.DefaultSettings with
    {
        Topology = new MachineTopology([new NumaNode(0, [0, 1])], [0, 1], null, ["chaos: 1 node x 2 CPUs"]),
        Pin = false,
        // About faults, not politeness: helpers at the lanes' priority, so every member takes part on a busy machine.
        HelperNice = 0,
        HelperIdleClass = false,
        HelperCgroup = false,
        Caps = new CapsConfig(2, 2),
        LoadBalanceFactor = 8,
        LimitsPollInterval = TimeSpan.Zero,
    };

    public static async Task<ChaosCluster> StartAsync(ChaosLedger ledger, TimeSpan formation)
    {
        var members = new List<ActorSystem>();
        var faults = new List<MemberFaults>();
        for (var i = 0; i < ChaosSchedule.Members; i++)
        {
            // Judged by its invariants, not its logs: a member dying mid-job makes the others log at length.
            var config = ConfigurationFactory.ParseString(DiesWithoutGoodbye).WithFallback(ClusterConfig.Member("127.0.0.1", 0, []));
            var system = ActorSystem.Create("engine", config);
            var engine = WorkEngine.Start(system, MemberSettings);
            var memberFaults = new MemberFaults();
            engine.Register(ChaosKernel.Pure, new ChaosKernel(ledger, memberFaults, undoable: false));
            engine.Register(ChaosKernel.Undoing, new ChaosKernel(ledger, memberFaults, undoable: true));
            Cluster.Get(system).Join(Cluster.Get(members.Count == 0 ? system : members[0]).SelfAddress);
            members.Add(system);
            faults.Add(memberFaults);
        }
        var cluster = new ChaosCluster(members, faults, ledger);
        var deadline = DateTime.UtcNow + formation;
        while (!members.All(m => Cluster.Get(m).State.Members.Count(x => x.Status == MemberStatus.Up) == members.Count))
        {
            if (DateTime.UtcNow > deadline)
            {
                await cluster.DisposeAsync();
                throw new TimeoutException($"the {members.Count} chaos members did not come up within {formation}");
            }
            await Task.Delay(100);
        }
        return cluster;
    }

    public bool IsAlive(int member) => !Members[member].WhenTerminated.IsCompleted;

    public ChaosLedger Ledger() => _ledger;

    public async Task<ThrottlerState?> StateOf(int member)
    {
        try
        {
            return await WorkEngine.Get(Members[member]).Throttler.Ask<ThrottlerState>(GetThrottlerState.Instance, TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or InvalidOperationException)
        {
            return null;
        }
    }

    public Task<JobResult> RunAsync(int coordinator, JobSpec spec, CancellationToken cancellation) =>
        JobSubmission.RunAsync(Members[0], WorkEngine.Get(Members[coordinator]).Coordinator, spec, cancellation: cancellation);

    public async Task InjectAsync(Fault fault, CancellationToken cancellation)
    {
        await Task.Delay(fault.At, cancellation);
        var member = Members[fault.Member];
        var faults = Faults[fault.Member];
        switch (fault.Kind)
        {
            case FaultKind.Kill:
                faults.Thaw();
                await member.Terminate();
                break;
            case FaultKind.Freeze:
                faults.Freeze();
                await Task.Delay(fault.For, cancellation);
                faults.Thaw();
                break;
            case FaultKind.Slow:
                faults.Slow(4);
                break;
            case FaultKind.LowerCaps when IsAlive(fault.Member):
                WorkEngine.Get(member).Throttler.Tell(new UpdateCaps(LoweredCaps));
                await Task.Delay(fault.For, cancellation);
                if (IsAlive(fault.Member))
                    WorkEngine.Get(member).Throttler.Tell(new UpdateCaps(MemberCaps));
                break;
            case FaultKind.LowerCaps:
                break;
            default:
                throw new NotSupportedException($"{fault.Kind} needs member processes on a network (NetworkChaosCluster)");
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var faults in Faults)
            faults.Thaw();
        await Task.WhenAll(Members.Select(m => m.Terminate()));
    }
}
