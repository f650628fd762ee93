namespace Engine.Host.Cluster;

using Akka.Actor;
using static Akka.Cluster.ClusterEvent;

/// <summary>Prints membership changes as a member sees them, one line each, so an operator (or a test) can follow the cluster.</summary>
public sealed class ClusterEventLog : ReceiveActor
{
    public ClusterEventLog(TextWriter output)
    {
        Receive<MemberUp>(e => output.WriteLine($"member up: {e.Member.Address}"));
        Receive<MemberLeft>(e => output.WriteLine($"member leaving: {e.Member.Address}"));
        Receive<MemberDowned>(e => output.WriteLine($"member downed: {e.Member.Address}"));
        Receive<MemberRemoved>(e => output.WriteLine($"member removed: {e.Member.Address}"));
        Receive<UnreachableMember>(e => output.WriteLine($"member unreachable: {e.Member.Address}"));
        Receive<ReachableMember>(e => output.WriteLine($"member reachable again: {e.Member.Address}"));
        Receive<IClusterDomainEvent>(_ => { });
    }

    public static Props Props(TextWriter output) => Akka.Actor.Props.Create(() => new ClusterEventLog(output));

    protected override void PreStart() => Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self,
        SubscriptionInitialStateMode.InitialStateAsEvents, typeof(IMemberEvent), typeof(IReachabilityEvent));

    protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
}
