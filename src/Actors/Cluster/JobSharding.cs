namespace Engine.Actors.Cluster;

using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster.Sharding;
using Akka.Configuration;
using Engine.Actors.Coordination;
using Engine.Actors.Persistence;

/// <summary>
/// Jobs as entities of Akka.Cluster.Sharding, for a cluster that journals to the PostgreSQL its members share:
/// remembered entities, the coordinator's state and the remembered ids in that same journal, so when a member
/// dies its shards move to another member and every job there recovers from its ledger and carries on.
/// </summary>
public static class JobSharding
{
    public const string TypeName = "engine-jobs";

    /// <summary>Enough for a cluster of a hundred members; a shard holds the jobs whose ids hash to it.</summary>
    private const int Shards = 100;

    /// <summary>
    /// What other members must reach by actor selection (remoting's untrusted mode): the shard coordinator's
    /// singleton manager (hand-over between the oldest members) and the coordinator (regions register with it).
    /// </summary>
    public static readonly IReadOnlyList<string> SelectionPaths =
    [
        $"/system/sharding/{TypeName}Coordinator",
        $"/system/sharding/{TypeName}Coordinator/singleton/coordinator",
    ];

    /// <summary>
    /// Sharding's serializer for what its coordinator and shards write to the journal, bound together with the
    /// journal's own settings: the binding sharding adds when it starts was seen missing from the serializers the
    /// journal then used (the first engine of a test process; the journal fell back to its default, JSON, closed here).
    /// </summary>
    public static Config Serialization { get; } = ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers.akka-sharding = "Akka.Cluster.Sharding.Serialization.ClusterShardingMessageSerializer, Akka.Cluster.Sharding"
          serialization-bindings { "Akka.Cluster.Sharding.IClusterShardingSerializable, Akka.Cluster.Sharding" = akka-sharding }
          serialization-identifiers { "Akka.Cluster.Sharding.Serialization.ClusterShardingMessageSerializer, Akka.Cluster.Sharding" = 13 }
        }
        """);

    /// <summary>This member's region of job entities; <paramref name="entity"/> makes the actor of one job id.</summary>
    public static IActorRef Start(ActorSystem system, Func<string, Props> entity)
    {
        // First: the extension adds sharding's defaults to the system's configuration, which the settings read.
        var sharding = ClusterSharding.Get(system);
        var settings = ClusterShardingSettings.Create(system)
            .WithRememberEntities(true)
            .WithStateStoreMode(StateStoreMode.Persistence)
            .WithJournalPluginId(EngineJournal.JournalId)
            .WithSnapshotPluginId(EngineJournal.SnapshotStoreId);
        return sharding.Start(TypeName, entity, settings, new JobMessages(), new FirstAskerAllocation(),
            HandOffJob.Instance);
    }

    /// <summary>Messages for one job, by its id.</summary>
    private sealed class JobMessages() : HashCodeMessageExtractor(Shards)
    {
        public override string? EntityId(object message) => message switch
        {
            StartJob start => start.JobId,
            WatchJob watch => watch.JobId,
            GetJobStatus status => status.JobId,
            CancelJob cancel => cancel.JobId,
            _ => null,
        };
    }

    /// <summary>
    /// A new shard goes to the member that asked first (its coordinator admitted the job there, as without
    /// sharding), else to the member with the fewest shards; running jobs are never moved to even out the count.
    /// </summary>
    private sealed class FirstAskerAllocation : IShardAllocationStrategy
    {
        public Task<IActorRef> AllocateShard(IActorRef requester, string shardId,
            IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations) =>
            Task.FromResult(currentShardAllocations.ContainsKey(requester)
                ? requester
                : currentShardAllocations.OrderBy(a => a.Value.Count).ThenBy(a => a.Key.Path.Address.ToString(), StringComparer.Ordinal).First().Key);

        public Task<IImmutableSet<string>> Rebalance(IImmutableDictionary<IActorRef, IImmutableList<string>> currentShardAllocations,
            IImmutableSet<string> rebalanceInProgress) => Task.FromResult<IImmutableSet<string>>(ImmutableHashSet<string>.Empty);
    }
}
