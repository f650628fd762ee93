namespace Engine.Actors;

using Akka.Actor;

/// <summary>
/// Where the engine's actors live, named once. They are system actors (as DistributedPubSub's mediator and
/// ClusterSharding's guardian are), so a user's <c>/user</c> namespace stays the user's; other processes
/// reach the coordinator and the member at these paths.
/// </summary>
public static class EngineActorNames
{
    public const string Coordinator = "engine-coordinator";
    public const string Throttler = "engine-throttler";
    public const string Member = "engine-member";
    public const string LimitsWatcher = "engine-limits";
    public const string LimitsView = "engine-limits-view";

    private const string Guardian = "system";

    public static string NodePool(int node) => $"engine-node-{node}";

    /// <summary>The path of <paramref name="name"/> inside this process, e.g. <c>/system/engine-coordinator</c>.</summary>
    public static string LocalPath(string name) => $"/{Guardian}/{name}";

    /// <summary>The path of <paramref name="name"/> in the actor system at <paramref name="address"/>.</summary>
    public static ActorPath PathAt(Address address, string name) => new RootActorPath(address) / Guardian / name;
}
