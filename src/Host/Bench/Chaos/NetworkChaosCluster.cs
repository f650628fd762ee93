namespace Engine.Host.Bench.Chaos;

using Akka.Actor;
using Akka.Configuration;
using Engine.Actors;
using Engine.Actors.Cluster;
using Engine.Actors.Serialization;
using Engine.Actors.Throttling;
using Engine.Jobs;

/// <summary>
/// Three `chaos-member` processes (`node` with the chaos kernels, rejoining when downed), each in a network
/// namespace of its own (<see cref="ChaosNetwork"/>), and this process as their submitter on the bridge. Faults are
/// the network's and the processes': a partition, a slow and lossy link, SIGSTOP then SIGCONT.
/// </summary>
public sealed class NetworkChaosCluster : IChaosCluster
{
    private const int Port = 4053;
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    /// <summary>About faults, not politeness: helpers at the lanes' priority, two per member, as the in-process members.</summary>
    private static readonly Dictionary<string, string> MemberEnvironment = new()
    {
        ["ENGINE_HELPER_SCHEDULER"] = "normal",
        ["ENGINE_HELPER_CGROUP"] = "off",
        ["ENGINE_NICE"] = "0",
        ["ENGINE_PIN"] = "off",
        ["ENGINE_CAPS_PER_NODE"] = "2",
        ["ENGINE_CAPS_GLOBAL"] = "2",
        ["ENGINE_LOAD_BALANCE_FACTOR"] = "8",
        ["ENGINE_LIMITS_POLL_INTERVAL"] = "0",
    };

    private readonly ChaosNetwork _network;
    private readonly string _journals;
    private readonly List<HostChild> _members = [];
    private readonly ActorSystem _client;
    private readonly IActorRef[] _coordinators = new IActorRef[ChaosSchedule.Members];

    private NetworkChaosCluster(ChaosNetwork network, string journals, ActorSystem client) =>
        (_network, _journals, _client) = (network, journals, client);

    public static async Task<NetworkChaosCluster> StartAsync(TimeSpan formation, CancellationToken cancellation)
    {
        var network = ChaosNetwork.Create(ChaosSchedule.Members);
        var journals = Directory.CreateTempSubdirectory("engine-chaos-").FullName;
        ActorSystem client;
        try
        {
            // Judged by its invariants, not its logs: members cut off make the submitter log at length.
            client = ActorSystem.Create("engine-client", ConfigurationFactory.ParseString("""
                akka.loglevel = OFF
                akka.stdout-loglevel = OFF
                """).WithFallback(ClusterConfig.Client(network.BridgeAddress)));
            WireTypes.For(client).Allow(new ChaosKernel(new ChaosLedger(), new MemberFaults(), undoable: false).WireTypes);
        }
        catch
        {
            network.Dispose();
            throw;
        }
        var cluster = new NetworkChaosCluster(network, journals, client);
        try
        {
            for (var i = 0; i < ChaosSchedule.Members; i++)
            {
                var args = new List<string> { "chaos-member", "--hostname", network.Address(i), "--port", $"{Port}",
                    "--journal", Path.Combine(journals, $"member-{i}.journal") };
                if (i > 0)
                    args.AddRange(["--seeds", cluster.AddressOf(0).ToString()]);
                cluster._members.Add(HostChild.Start(args, MemberEnvironment, ownSession: false, wrapper: network.Wrapper(i)));
            }
            await cluster.FormedAsync(formation, cancellation);
            for (var i = 0; i < ChaosSchedule.Members; i++)
                cluster._coordinators[i] = await client.ActorSelection(EngineActorNames.PathAt(cluster.AddressOf(i), EngineActorNames.Coordinator))
                    .ResolveOne(AskTimeout * 5, cancellation);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>How the slow link is made on this kernel.</summary>
    public string SlowLinkMethod => _network.SlowLinkMethod;

    public ChaosLedger Ledger() => ChaosLedger.Read(Directory.EnumerateFiles(_journals).SelectMany(ReadShared));

    public bool IsAlive(int member) => !_members[member].HasExited;

    public async Task<ThrottlerState?> StateOf(int member)
    {
        try
        {
            return (await MemberAt(member).Ask<MemberReport>(GetMemberReport.Instance, AskTimeout)).Throttler;
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or InvalidOperationException)
        {
            return null;
        }
    }

    public Task<JobResult> RunAsync(int coordinator, JobSpec spec, CancellationToken cancellation) =>
        JobSubmission.RunAsync(_client, _coordinators[coordinator], spec, cancellation: cancellation);

    /// <summary>A fault in force for <paramref name="period"/>, lifted even when the schedule is cancelled.</summary>
    private static async Task HoldAsync(Action apply, Action lift, TimeSpan period, CancellationToken cancellation)
    {
        apply();
        try
        {
            await Task.Delay(period, cancellation);
        }
        finally
        {
            lift();
        }
    }

    public async Task InjectAsync(Fault fault, CancellationToken cancellation)
    {
        await Task.Delay(fault.At, cancellation);
        switch (fault.Kind)
        {
            case FaultKind.Partition:
                await HoldAsync(() => _network.Partition(fault.Member), () => _network.Heal(fault.Member), fault.For, cancellation);
                break;
            case FaultKind.SlowLink:
                await HoldAsync(() => _network.Slow(fault.Member), () => _network.Unslow(fault.Member), fault.For, cancellation);
                break;
            case FaultKind.StopProcess when IsAlive(fault.Member):
                var pid = _members[fault.Member].HostPid();
                await HoldAsync(() => ProcessSignal.Stop(pid), () => ProcessSignal.Continue(pid), fault.For, cancellation);
                break;
            case FaultKind.StopProcess:
                break;
            default:
                throw new NotSupportedException($"{fault.Kind} is a fault of members in this process (ChaosCluster)");
        }
    }

    /// <summary>Times a member process started a new incarnation and rejoined after the cluster downed it.</summary>
    public int Rejoins => Said("rejoined the cluster");

    /// <summary>Times the cluster downed or removed a member process (each then restarts to rejoin).</summary>
    public int Downings => Said("stopped by the cluster");

    private int Said(string what) => _members.Sum(m => m.Lines.Count(l => l.Contains(what, StringComparison.Ordinal)));

    /// <summary>
    /// Once the faults are over, every member must be Up again, a downed one as its new incarnation: each member
    /// sees all three Up, and every downing has been followed by a rejoin. Null when so within
    /// <paramref name="deadline"/>, else what the members saw.
    /// </summary>
    public async Task<string?> MembershipRestoredAsync(TimeSpan deadline, CancellationToken cancellation)
    {
        var until = DateTime.UtcNow + deadline;
        var seen = new string[ChaosSchedule.Members];
        while (DateTime.UtcNow < until)
        {
            for (var i = 0; i < ChaosSchedule.Members; i++)
            {
                try
                {
                    var report = await MemberAt(i).Ask<ClusterReport>(GetClusterReport.Instance, TimeSpan.FromSeconds(5), cancellation);
                    var up = report.Members.Count(m => m.Status == "Up");
                    seen[i] = up == ChaosSchedule.Members ? "" : string.Join(", ", report.Members.Select(m => $"{m.Address} {m.Status}"));
                }
                catch (AskTimeoutException)
                {
                    seen[i] = "no answer";
                }
            }
            if (seen.All(s => s.Length == 0) && Rejoins >= Downings)
                return null;
            await Task.Delay(500, cancellation);
        }
        return $"membership: {deadline.TotalSeconds:0} s after the faults ended, downed {Downings} time(s), rejoined {Rejoins}; "
            + string.Join("; ", seen.Select((s, i) => $"member {i} saw {(s.Length == 0 ? "all Up" : s)}"));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var member in _members)
        {
            if (!member.HasExited)
                ProcessSignal.Continue(member.HostPid());
            await member.KillAsync();
            member.Dispose();
        }
        await _client.Terminate();
        _network.Dispose();
        Directory.Delete(_journals, recursive: true);
    }

    private Address AddressOf(int member) => new("akka.tcp", "engine", _network.Address(member), Port);

    private ActorSelection MemberAt(int member) =>
        _client.ActorSelection(EngineActorNames.PathAt(AddressOf(member), EngineActorNames.Member));

    /// <summary>Every member Up as member 0 sees it, and each with its caps reported.</summary>
    private async Task FormedAsync(TimeSpan formation, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + formation;
        while (true)
        {
            if (_members.FirstOrDefault(m => m.HasExited) is { } ended)
                throw new InvalidOperationException($"a chaos member ended before the cluster formed: {await EndedWhy(ended)}");
            try
            {
                var report = await MemberAt(0).Ask<ClusterReport>(GetClusterReport.Instance, TimeSpan.FromSeconds(5), cancellation);
                if (report.Members.Count(m => m.Status == "Up" && m.Throttler is not null) == ChaosSchedule.Members)
                    return;
            }
            catch (AskTimeoutException)
            {
                // Still starting.
            }
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"the {ChaosSchedule.Members} chaos member processes did not form a cluster within {formation}");
            await Task.Delay(250, cancellation);
        }
    }

    private static async Task<string> EndedWhy(HostChild member)
    {
        try
        {
            await member.FirstLineAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
            return string.Join(" / ", member.Lines.TakeLast(3));
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }
    }

    private static IEnumerable<string> ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
            yield return line;
    }
}
