namespace Engine.Actors.Cluster;

using Akka.Configuration;
using Engine.Actors.Serialization;

/// <summary>
/// Akka configuration for an engine member and for a client that only submits jobs: remoting on the given
/// address, Hyperion (with the allow-list) for every message on the wire, and failure detection tuned so a
/// lost member's spans are handed out again within seconds.
/// </summary>
public static class ClusterConfig
{
    /// <param name="seeds">Seed node addresses (akka.tcp://engine@host:port); empty makes this member its own seed.</param>
    public static Config Member(string hostname, int port, IReadOnlyList<string> seeds, string? publicHostname = null)
    {
        var seedList = string.Join(", ", seeds.Select(s => $"\"{s}\""));
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
                # stable this long. Static quorum of one: every side of a split keeps working and downs the members
                # it cannot reach, so losing one member of two never stops the other. Members hold no state a split
                # could corrupt (a job's result is folded by its one coordinator), so a split costs only re-run spans.
                split-brain-resolver {
                  active-strategy = static-quorum
                  static-quorum.quorum-size = 1
                  stable-after = 5s
                }
              }
            }
            """)
            .WithFallback(Remoting(hostname, port, publicHostname));
    }

    /// <summary>A process that submits jobs to a member or asks it for status, without joining the cluster.</summary>
    public static Config Client(string hostname) => ConfigurationFactory.ParseString("akka.actor.provider = remote")
        .WithFallback(Remoting(hostname, 0, null));

    private static Config Remoting(string hostname, int port, string? publicHostname) => ConfigurationFactory.ParseString($$"""
        akka.remote {
          dot-netty.tcp {
            hostname = "{{hostname}}"
            port = {{port}}
            {{(publicHostname is null ? "" : $"public-hostname = \"{publicHostname}\"")}}
            # Work pulling is request/response: a grant held back for a batch is a helper left idle.
            batching.enabled = false
          }
          # Losing a submitter or a remote coordinator is noticed within seconds, as for members.
          watch-failure-detector {
            heartbeat-interval = 1s
            acceptable-heartbeat-pause = 4s
          }
        }
        """).WithFallback(WireSerialization.Config);
}
