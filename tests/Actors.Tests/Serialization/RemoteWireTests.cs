namespace Engine.Actors.Tests.Serialization;

using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.TestKit.Xunit2;
using Engine.Actors.Serialization;
using Engine.Actors.Tests.Serialization.Unlisted;
using Engine.Actors.Tests.Serialization.Wire;

/// <summary>Two ActorSystems talking over Akka.Remote on loopback; the TestKit's system is the receiver.</summary>
public sealed class RemoteWireTests : TestKit
{
    private static readonly Config RemoteConfig = ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }
        """).WithFallback(WireSerialization.Config);

    private readonly ActorSystem _sender;

    public RemoteWireTests() : base(RemoteConfig, "receiver")
    {
        _sender = ActorSystem.Create("sender", RemoteConfig);
        foreach (var system in new[] { Sys, _sender })
        {
            WireTypes.For(system).AllowMessages([typeof(ChunkOrder), typeof(Ping)]);
            WireTypes.For(system).Allow(typeof(ChunkRangeMessage));
        }
    }

    protected override void AfterAll()
    {
        _sender.Terminate().Wait(TimeSpan.FromSeconds(10));
        base.AfterAll();
    }

    private async Task<IActorRef> RemoteRefTo(IActorRef receiver)
    {
        var address = ((ExtendedActorSystem)Sys).Provider.DefaultAddress;
        var path = new RootActorPath(address) / receiver.Path.Elements;
        return await _sender.ActorSelection(path).ResolveOne(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task An_allowed_message_arrives_with_a_reply_ref_to_the_sending_system()
    {
        var receiver = CreateTestProbe();
        var remote = await RemoteRefTo(receiver.Ref);
        var replyTo = _sender.ActorOf(Props.Empty, "reply-to");

        remote.Tell(new ChunkOrder("job", [new ChunkRangeMessage(0, 8)], new() { ["n"] = 8 }, [0], null,
            TimeSpan.Zero, Guid.Empty, replyTo));

        var order = receiver.ExpectMsg<ChunkOrder>();
        Assert.Equal(new ChunkRangeMessage(0, 8), Assert.Single(order.Ranges));
        Assert.Equal(replyTo.Path.ToStringWithoutAddress(), order.ReplyTo.Path.ToStringWithoutAddress());
        Assert.Equal(((ExtendedActorSystem)_sender).Provider.DefaultAddress, order.ReplyTo.Path.Address);
    }

    [Fact]
    public async Task An_unallowed_message_is_dropped_with_an_error_and_the_association_keeps_working()
    {
        var receiver = CreateTestProbe();
        var errors = CreateTestProbe();
        Sys.EventStream.Subscribe(errors.Ref, typeof(Error));
        var remote = await RemoteRefTo(receiver.Ref);

        remote.Tell(new UnlistedOrder("refused"));
        remote.Tell(new Ping(2));

        // Messages between two systems keep their order: had the refused one arrived, it would come first.
        Assert.Equal(new Ping(2), receiver.ExpectMsg<Ping>());
        errors.FishForMessage<Error>(e => e.Message.ToString()!.Contains(typeof(UnlistedOrder).FullName!));
    }
}
