namespace Engine.Host.Cluster;

using System.Net;
using System.Net.Sockets;
using Akka.Cluster;
using Akka.Configuration;
using Engine.Actors.Cluster;

/// <summary>
/// A loopback cluster for benchmarks: this process as the first member (its engine coordinates the jobs) and
/// further members as `node` child processes of this same Host, each with its own pools and caps.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private static readonly TimeSpan FormationTimeout = TimeSpan.FromSeconds(60);
    private readonly List<(HostChild Process, Akka.Actor.Address Address)> _children = [];
    private readonly LocalCertificates? _certificates;

    private LocalCluster(EngineProcess self, LocalCertificates? certificates) => (Self, _certificates) = (self, certificates);

    public EngineProcess Self { get; }

    /// <summary>The `node` children, in order, with the address each listens at.</summary>
    public IReadOnlyList<(HostChild Process, Akka.Actor.Address Address)> Children => _children;

    /// <param name="selfConfig">Extra configuration of this process's member only (e.g. the dispatch benchmark's span target).</param>
    /// <param name="childEnvironment">Engine settings of the child members, as the ENGINE_* variables of HostConfig.</param>
    /// <param name="tls">Mutual TLS between all members, with certificates of a CA made for this cluster.</param>
    public static async Task<LocalCluster> Start(int childMembers, Config? selfConfig = null,
        IReadOnlyDictionary<string, string>? childEnvironment = null, bool tls = false, CancellationToken cancellation = default)
    {
        var certificates = tls ? LocalCertificates.Create() : null;
        var selfTls = certificates?.Tls("self");
        var port = FreePort();
        // This member stops without the leave protocol: the children are killed right after it anyway.
        var config = ConfigurationFactory.ParseString("""
            akka.coordinated-shutdown.run-by-actor-system-terminate = off
            akka.remote.log-remote-lifecycle-events = off
            akka.loglevel = ERROR
            """).WithFallback(ClusterConfig.Member("127.0.0.1", port, [], tls: selfTls));
        var self = EngineProcess.Start(selfConfig is null ? config : selfConfig.WithFallback(config), selfTls);
        var cluster = new LocalCluster(self, certificates);
        var akka = Akka.Cluster.Cluster.Get(self.System);
        akka.Join(akka.SelfAddress);
        for (var i = 0; i < childMembers; i++)
        {
            var environment = new Dictionary<string, string>(childEnvironment ?? new Dictionary<string, string>());
            // Helpers only: they coordinate no job, and would share (and lock) one state folder.
            environment.TryAdd("ENGINE_JOURNAL_MODE", "off");
            var childPort = FreePort();
            var args = new List<string> { "node", "--port", childPort.ToString(), "--seeds", akka.SelfAddress.ToString() };
            if (certificates is not null)
                args.AddRange(certificates.NodeArguments($"member-{i + 1}", environment));
            cluster._children.Add((HostChild.Start(args, environment, ownSession: false), akka.SelfAddress.WithPort(childPort)));
        }
        var deadline = DateTime.UtcNow + FormationTimeout;
        while (akka.State.Members.Count(m => m.Status == MemberStatus.Up) < childMembers + 1)
        {
            if (DateTime.UtcNow > deadline || cluster._children.Any(c => c.Process.HasExited) || cancellation.IsCancellationRequested)
            {
                await cluster.DisposeAsync();
                cancellation.ThrowIfCancellationRequested();
                throw new InvalidOperationException($"the {childMembers + 1}-member loopback cluster did not form within {FormationTimeout}");
            }
            await Task.Delay(100);
        }
        // Each member reports its caps to the coordinator's member once it sees it Up.
        await Task.Delay(TimeSpan.FromSeconds(1));
        return cluster;
    }

    public async ValueTask DisposeAsync()
    {
        await Self.DisposeAsync();
        foreach (var (child, _) in _children)
        {
            await child.KillAsync();
            child.Dispose();
        }
        _certificates?.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
