namespace Engine.Actors.Cluster;

using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;
using Engine.Actors.Protocol;
using Engine.Actors.Serialization;

/// <summary>
/// Akka configuration for an engine member and for a client that only submits jobs: remoting on the given
/// address, mutual TLS when given a <see cref="ClusterTls"/>, Hyperion (with the allow-list) for every message
/// on the wire, and failure detection tuned so a lost member's spans are handed out again within seconds.
/// </summary>
public static class ClusterConfig
{
    private const string PlainScheme = "akka.tcp";
    private const string TlsScheme = "akka.ssl.tcp";

    /// <param name="seeds">Seed node addresses (akka.tcp://engine@host:port, on TLS also written so); empty makes this member its own seed.</param>
    public static Config Member(string hostname, int port, IReadOnlyList<string> seeds, string? publicHostname = null,
        ClusterTls? tls = null)
    {
        var seedList = string.Join(", ", seeds.Select(s => $"\"{OnTransport(Address.Parse(s), tls)}\""));
        return ConfigurationFactory.ParseString($$"""
            akka {
              actor.provider = cluster
              cluster {
                seed-nodes = [{{seedList}}]
                # Unreachable after ~3 s without heartbeats: the coordinator re-queues the member's spans then.
                failure-detector {
                  heartbeat-interval = 1s
                  acceptable-heartbeat-pause = 3s
                }
                # A member the others cannot reach is downed (and removed) once the rest of the cluster has been
                # stable this long; the majority side survives (with two members, the lower address), unless
                # Downing below chooses the lease. Leases already hand a frozen member's spans to others, so downing
                # only has to be right, not quick.
                split-brain-resolver {
                  active-strategy = keep-majority
                  stable-after = 5s
                }
              }
            }
            """)
            .WithFallback(Remoting(hostname, port, publicHostname, tls));
    }

    /// <summary>The config path of the split-brain resolver's lease (<see cref="PostgresLease"/>).</summary>
    public const string LeasePath = "akka.coordination.engine-postgres-lease";

    /// <summary>
    /// The split-brain resolver's strategy for <paramref name="settings"/>, over <see cref="Member"/>'s keep-majority:
    /// with <see cref="ClusterDowning.LeaseMajority"/>, the side that takes the lease in <c>engine.postgres</c> stays (the
    /// majority side asks at once, a minority 2 s later), so the survivor of two members stays whichever one died.
    /// </summary>
    public static Config Downing(EngineSettings settings) => settings.Downing switch
    {
        ClusterDowning.LeaseMajority => ConfigurationFactory.ParseString($$"""
            akka.cluster.split-brain-resolver {
              active-strategy = lease-majority
              lease-majority.lease-implementation = "{{LeasePath}}"
            }
            {{LeasePath}} {
              lease-class = "{{typeof(PostgresLease).AssemblyQualifiedName}}"
              connection-string = {{HoconString.Quote(settings.Postgres ?? throw new ArgumentException("lease-majority needs engine.postgres", nameof(settings)))}}
              # A holder that stops renewing (killed, frozen) is out after this: short, because a member that cannot
              # take the lease downs itself, and a dead holder's lease only runs out by time.
              heartbeat-timeout = 20s
              heartbeat-interval = 2s
              lease-operation-timeout = 5s
            }
            """),
        _ => Config.Empty,
    };

    /// <summary>A process that submits jobs to a member or asks it for status, without joining the cluster.</summary>
    public static Config Client(string hostname, ClusterTls? tls = null) =>
        ConfigurationFactory.ParseString("akka.actor.provider = remote").WithFallback(Remoting(hostname, 0, null, tls));

    /// <summary>The ActorSystem setup for <paramref name="config"/>: with TLS, the transport's certificate and CA check.</summary>
    public static ActorSystemSetup Setup(Config config, ClusterTls? tls)
    {
        var setup = ActorSystemSetup.Create(BootstrapSetup.Create().WithConfig(config));
        return tls is null ? setup : setup.And(tls.Setup());
    }

    /// <summary>The address of a member on this process's transport: akka.ssl.tcp with TLS, akka.tcp without.</summary>
    public static Address OnTransport(Address member, ClusterTls? tls) =>
        member.Protocol is PlainScheme or TlsScheme
            ? new Address(tls is null ? PlainScheme : TlsScheme, member.System, member.Host, member.Port)
            : member;

    private static Config Remoting(string hostname, int port, string? publicHostname, ClusterTls? tls) => ConfigurationFactory.ParseString($$"""
        akka.remote {
          dot-netty.tcp {
            hostname = "{{hostname}}"
            port = {{port}}
            # Mutual TLS: the certificate and the CA check come with the setup (ClusterTls), not from files here.
            enable-ssl = {{(tls is null ? "off" : "on")}}
            ssl {
              suppress-validation = off
              require-mutual-authentication = on
              validate-certificate-hostname = off
            }
            {{(publicHostname is null ? "" : $"public-hostname = \"{publicHostname}\"")}}
            # Akka.Remote 1.5's batching holds nothing back for a timer (FlushConsolidationHandler): a write
            # is flushed once its channel's event loop has taken in the writes queued behind it, or after a
            # read, so grants and results in flight together share one socket write. `bench cluster` at one
            # chunk per message: about half the member's CPU per chunk, which was mostly thread hand-offs.
            batching.enabled = true
          }
          # Selections from other processes reach only the engine's two entry points and Akka's own cluster
          # and remote-watch daemons; remote deployment, Kill and PoisonPill are dropped (the serializers
          # refuse them too).
          untrusted-mode = on
          trusted-selection-paths = ["{{EngineActorNames.LocalPath(EngineActorNames.Coordinator)}}", "{{EngineActorNames.LocalPath(EngineActorNames.Member)}}",
                                     "/system/cluster/core/daemon", "/system/cluster/heartbeatReceiver",
                                     "/system/remote-watcher", {{string.Join(", ", JobSharding.SelectionPaths.Select(p => $"\"{p}\""))}}]
          # Losing a submitter or a remote coordinator is noticed within seconds, as for members.
          watch-failure-detector {
            heartbeat-interval = 1s
            acceptable-heartbeat-pause = 4s
          }
        }
        """).WithFallback(WireSerialization.Config);
}
