namespace Engine.Host.Cluster;

using Akka;
using Akka.Actor;
using Akka.Configuration;
using Engine.Actors.Cluster;
using Engine.Actors.Protocol;
using Engine.Host.Http;

/// <param name="Seeds">Members to join first; empty: the first incarnation starts a cluster of its own.</param>
/// <param name="Register">Kernels beyond the built-in ones, registered on every incarnation's engine.</param>
public sealed record MemberOptions(string Hostname, string? PublicHostname, int Port, IReadOnlyList<string> Seeds,
    ClusterTls? Tls, HttpEndpoint? Http, Action<Engine.Actors.WorkEngine>? Register = null);

/// <summary>
/// A `node` member for as long as the Host runs, one ActorSystem at a time. When the cluster downs or removes it
/// (frozen past the failure detector, the minority side of a partition), Akka terminates that ActorSystem, and its
/// incarnation can never return (the others quarantine its UID). Then a new one starts on the same address and
/// joins through the members the old ones knew: never by itself, which would found a second cluster.
/// </summary>
public static class RejoiningMember
{
    /// <summary>How long a restart waits for the old incarnation's port; longer means another program took it.</summary>
    private static readonly TimeSpan PortWait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RestartPause = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CoordinatorGrace = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan OldSystemWait = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(MemberOptions options, TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        var peers = new KnownPeers();
        var port = options.Port;
        IReadOnlyList<string> seeds = options.Seeds;
        for (var incarnation = 1; ; incarnation++)
        {
            var ended = await RunIncarnationAsync(options with { Port = port, Seeds = seeds }, incarnation, peers, output, errors, cancellation);
            if (ended.ExitCode is { } code)
            {
                if (ended.Reason is not null)
                    errors.WriteLine($"error: member {ended.Address}: {ended.Reason}");
                return code;
            }
            port = ended.Address!.Port!.Value;
            seeds = Rejoin(options.Seeds, peers.Snapshot(), ended.Address);
            output.WriteLine($"member {ended.Address}: {ended.Reason}; restarting to rejoin through {(seeds.Count == 0 ? "itself (it knew no other member)" : string.Join(", ", seeds))}");
            try
            {
                await Task.Delay(RestartPause, cancellation);
                await WaitForPortAsync(options.Hostname, port, cancellation);
            }
            catch (OperationCanceledException)
            {
                return 0;
            }
            catch (TimeoutException e)
            {
                errors.WriteLine($"error: {e.Message}");
                return 1;
            }
        }
    }

    /// <summary>The members to join again: those known from before, then the seeds given, never this member's own address.</summary>
    public static IReadOnlyList<string> Rejoin(IReadOnlyList<string> seeds, IReadOnlyList<Address> peers, Address self) =>
        peers.Select(p => p.ToString()).Concat(seeds)
            .Where(s => !SameHostAndPort(Address.Parse(s), self))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

    private static bool SameHostAndPort(Address a, Address b) => a.Host == b.Host && a.Port == b.Port;

    private sealed record Ended(int? ExitCode, Address? Address, string? Reason);

    private static async Task<Ended> RunIncarnationAsync(MemberOptions options, int incarnation, KnownPeers peers,
        TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        // A member journals its jobs by default (engine.state-dir): restarted, it resumes the unfinished ones.
        await using var process = EngineProcess.Start(ConfigurationFactory.ParseString("engine.journal.mode = sqlite")
            .WithFallback(ClusterConfig.Member(options.Hostname, options.Port, options.Seeds, options.PublicHostname, options.Tls)), options.Tls);
        var system = process.System;
        var cluster = Akka.Cluster.Cluster.Get(system);
        var engine = process.Engine;
        options.Register?.Invoke(engine);
        var self = cluster.SelfAddress;
        if (incarnation == 1)
        {
            output.WriteLine(options.Tls is null
                ? $"member {self}: plain TCP, no authentication"
                : $"member {self}: mutual TLS as {options.Tls.Certificate.Subject}, peers signed by {options.Tls.Authority.Subject}");
            output.WriteLine($"member {self}: {engine.Topology.Nodes.Count} node(s), "
                + $"{engine.Topology.AllowedCpus.Count} CPU(s) allowed, caps {engine.Caps}, kernels {string.Join(", ", engine.Runtime.Kernels.Names)}");
        }
        else
            cluster.RegisterOnMemberUp(() => output.WriteLine($"member {self}: rejoined the cluster (incarnation {incarnation})"));
        system.ActorOf(ClusterEventLog.Props(output), "cluster-event-log");
        system.ActorOf(peers.Props(self), "known-peers");
        await using var server = options.Http is null ? null : await EngineHttpServer.TryStartAsync(engine, options.Http, errors);
        if (options.Http is not null && server is null)
            return new Ended(Cli.BadInput, null, null);
        if (server is not null)
            output.WriteLine($"member {self}: http {server.Address} (/metrics, /api/members, /api/jobs, dashboard at /)");
        var shutdown = CoordinatedShutdown.Get(system);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "engine-member-stopping", () =>
        {
            stopping.TrySetResult();
            return Task.FromResult(Done.Instance);
        });
        // A SCHED_IDLE helper beside busy programs would see its job's cancellation only when the machine is idle, and
        // the ActorSystem cannot terminate (nor free its port) before every helper has.
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "lift-helpers", () =>
        {
            process.LiftHelpers();
            return Task.FromResult(Done.Instance);
        });
        if (options.Seeds.Count == 0)
            cluster.Join(self);
        await Task.WhenAny(Task.Delay(Timeout.Infinite, cancellation), stopping.Task, system.WhenTerminated);
        if (!cancellation.IsCancellationRequested)
        {
            var why = $"stopped by the cluster ({Why(shutdown.ShutdownReason)})";
            return await TerminatedAsync(process, cancellation)
                ? new Ended(null, self, why)
                : new Ended(1, self, $"{why}, but its actor system did not stop within {OldSystemWait.TotalSeconds:0} s: not rejoining");
        }
        // A member alone has nobody to tell it leaves: the leave protocol's gossip rounds would only delay the stop.
        var alone = cluster.State.Members.All(m => m.UniqueAddress == cluster.SelfUniqueAddress);
        await shutdown.Run(CoordinatedShutdown.ClrExitReason.Instance,
            alone ? CoordinatedShutdown.PhaseBeforeActorSystemTerminate : null);
        output.WriteLine($"member {self}: {(alone ? "stopped, the cluster's last member" : "left the cluster")}");
        return new Ended(0, self, null);
    }

    /// <summary>
    /// Whether the removed incarnation's ActorSystem ended. Its coordinator answers its submitters as it stops; after
    /// <see cref="CoordinatorGrace"/> every chunk still running (of any job: no coordinator takes its result now) is
    /// cancelled, so that no kernel keeps the old incarnation, and its port, alive.
    /// </summary>
    private static async Task<bool> TerminatedAsync(EngineProcess process, CancellationToken cancellation)
    {
        var terminated = process.System.WhenTerminated;
        await Task.WhenAny(terminated, Task.Delay(CoordinatorGrace, cancellation));
        if (terminated.IsCompleted)
            return true;
        process.Engine.Runtime.Cancellations.CancelAll();
        process.LiftHelpers();
        await Task.WhenAny(terminated, Task.Delay(OldSystemWait, cancellation));
        return terminated.IsCompleted;
    }

    private static string Why(CoordinatedShutdown.Reason? reason) => reason switch
    {
        CoordinatedShutdown.ClusterDowningReason => "downed: the others could not reach it, or it was on the minority side",
        CoordinatedShutdown.ClusterLeavingReason => "removed: it was made to leave",
        CoordinatedShutdown.ClusterJoinUnsuccessfulReason => "its join was refused",
        null => "removed from the cluster",
        _ => reason.GetType().Name,
    };

    private static async Task WaitForPortAsync(string hostname, int port, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + PortWait;
        while (ListenAddress.Problem(hostname, port) is { } problem)
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"cannot rejoin: {problem}, still after {PortWait.TotalSeconds:0} s");
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellation);
        }
    }
}
