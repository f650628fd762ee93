namespace Engine.Host.Cluster;

using Akka.Actor;
using Akka.Cluster;
using static Akka.Cluster.ClusterEvent;

/// <summary>
/// The other members this member has seen Up, across its restarts: where a member that was downed or removed
/// asks to join again. A member that left by itself is forgotten; one that was downed is kept, since it may be
/// this member's side of a healed partition, or restart and come back as this one does.
/// </summary>
public sealed class KnownPeers
{
    private readonly HashSet<Address> _peers = [];

    public IReadOnlyList<Address> Snapshot()
    {
        lock (_peers)
            return [.. _peers.OrderBy(a => a.ToString(), StringComparer.Ordinal)];
    }

    /// <summary>The actor that keeps the book for one incarnation of <paramref name="self"/>'s ActorSystem.</summary>
    public Props Props(Address self) => Akka.Actor.Props.Create(() => new Keeper(this, self));

    private void Add(Address address)
    {
        lock (_peers)
            _peers.Add(address);
    }

    private void Remove(Address address)
    {
        lock (_peers)
            _peers.Remove(address);
    }

    private sealed class Keeper : ReceiveActor
    {
        public Keeper(KnownPeers peers, Address self)
        {
            Receive<MemberUp>(up =>
            {
                if (!up.Member.Address.Equals(self))
                    peers.Add(up.Member.Address);
            });
            Receive<MemberRemoved>(removed =>
            {
                if (removed.PreviousStatus == MemberStatus.Exiting && !removed.Member.Address.Equals(self))
                    peers.Remove(removed.Member.Address);
            });
            Receive<IMemberEvent>(_ => { });
        }

        protected override void PreStart() => Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self,
            SubscriptionInitialStateMode.InitialStateAsEvents, typeof(IMemberEvent));

        protected override void PostStop() => Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
    }
}
