namespace Host.Tests.Cluster;

using Akka.Actor;
using Engine.Host.Cluster;

/// <summary>Where a downed member asks to join again: never itself, which would found a second cluster.</summary>
public class RejoinSeedsTests
{
    private static readonly Address Self = Address.Parse("akka.tcp://engine@10.0.0.1:4053");

    [Fact]
    public void A_downed_seed_rejoins_through_the_members_it_knew_never_through_itself()
    {
        var known = new[] { Address.Parse("akka.tcp://engine@10.0.0.2:4053"), Address.Parse("akka.tcp://engine@10.0.0.3:4053") };

        var seeds = RejoiningMember.Rejoin([], known, Self);

        Assert.Equal(["akka.tcp://engine@10.0.0.2:4053", "akka.tcp://engine@10.0.0.3:4053"], seeds);
    }

    [Fact]
    public void The_given_seeds_come_after_the_known_members_without_duplicates_or_this_members_own_address()
    {
        var known = new[] { Address.Parse("akka.tcp://engine@10.0.0.2:4053") };

        var seeds = RejoiningMember.Rejoin(["akka.tcp://engine@10.0.0.2:4053", "akka.ssl.tcp://engine@10.0.0.1:4053", "akka.tcp://engine@10.0.0.4:4053"],
            known, Self);

        Assert.Equal(["akka.tcp://engine@10.0.0.2:4053", "akka.tcp://engine@10.0.0.4:4053"], seeds);
    }
}
