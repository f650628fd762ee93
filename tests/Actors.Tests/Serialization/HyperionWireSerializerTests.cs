namespace Engine.Actors.Tests.Serialization;

using System.Collections.Immutable;
using System.Runtime.Serialization;
using Akka.TestKit.Xunit2;
using Engine.Actors.Coordination;
using Engine.Actors.Serialization;
using Engine.Actors.Tests.Serialization.Unlisted;
using Engine.Actors.Tests.Serialization.Wire;
using Engine.Jobs;

public sealed class HyperionWireSerializerTests : TestKit
{
    public HyperionWireSerializerTests() : base(WireSerialization.Config)
    {
        WireTypes.For(Sys).AllowMessages([typeof(ChunkOrder), typeof(Carrier), typeof(Ping)]);
        WireTypes.For(Sys).Allow(typeof(ChunkRangeMessage));
    }

    private object RoundTrip(object message)
    {
        var serializer = Sys.Serialization.FindSerializerFor(message);
        return serializer.FromBinary(serializer.ToBinary(message), message.GetType());
    }

    [Fact]
    public void Every_message_without_a_specific_binding_is_bound_to_the_wire_serializer()
    {
        var serializer = Sys.Serialization.FindSerializerFor(new Ping(1));

        Assert.IsType<HyperionWireSerializer>(serializer);
        Assert.Equal(-5, serializer.Identifier);
        Assert.IsType<HyperionWireSerializer>(Sys.Serialization.FindSerializerFor(new UnlistedOrder("x")));
    }

    [Fact]
    public void An_engine_message_survives_the_round_trip_and_its_actor_ref_resolves_to_the_same_actor()
    {
        var replyTo = CreateTestProbe().Ref;
        var order = new ChunkOrder(
            "job-1",
            [new ChunkRangeMessage(0, 64), new ChunkRangeMessage(64, 100)],
            new Dictionary<string, long> { ["items"] = 100, ["chunks"] = 2 },
            [0, 1],
            new ChunkRangeMessage(0, 100),
            TimeSpan.FromSeconds(3),
            Guid.NewGuid(),
            replyTo);

        var back = Assert.IsType<ChunkOrder>(RoundTrip(order));

        Assert.Equal(order.JobId, back.JobId);
        Assert.Equal(order.Ranges, back.Ranges);
        Assert.Equal(order.Counters, back.Counters);
        Assert.Equal(order.Nodes.ToArray(), back.Nodes.ToArray());
        Assert.Equal(order.Parent, back.Parent);
        Assert.Equal(order.Timeout, back.Timeout);
        Assert.Equal(order.Attempt, back.Attempt);
        Assert.Equal(replyTo, back.ReplyTo);
        Assert.Equal(order with { Ranges = back.Ranges, Counters = back.Counters, Nodes = back.Nodes }, back);
    }

    [Fact]
    public void An_engine_job_spec_survives_the_round_trip_on_the_default_allow_list()
    {
        var spec = new JobSpec("sum", start: 0, size: 1000, align: 8, placement: Placement.Nodes(new NodeShare(0, 2)),
            arguments: "seed", timeout: TimeSpan.FromSeconds(5));

        var back = Assert.IsType<SubmitJob>(RoundTrip(new SubmitJob(spec, "job-1")));

        Assert.Equal(spec, back.Spec);
    }

    [Fact]
    public void Standard_collections_of_allowed_types_survive_the_round_trip()
    {
        var message = new Carrier(new List<ImmutableDictionary<string, Ping>>
        {
            ImmutableDictionary<string, Ping>.Empty.Add("a", new Ping(1)),
        });

        var back = Assert.IsType<Carrier>(RoundTrip(message));

        var list = Assert.IsType<List<ImmutableDictionary<string, Ping>>>(back.Payload);
        Assert.Equal(new Ping(1), Assert.Single(list)["a"]);
    }

    [Fact]
    public void A_type_off_the_allow_list_is_refused_by_name()
    {
        var serializer = Sys.Serialization.FindSerializerFor(new UnlistedOrder("x"));
        var bytes = serializer.ToBinary(new UnlistedOrder("x"));

        var refused = Assert.Throws<WireTypeRefusedException>(() => serializer.FromBinary(bytes, typeof(object)));

        Assert.Contains(typeof(UnlistedOrder).FullName!, refused.Message);
        Assert.IsAssignableFrom<SerializationException>(refused);
    }

    [Fact]
    public void A_refused_type_nested_inside_an_allowed_message_is_refused_by_name()
    {
        var serializer = Sys.Serialization.FindSerializerFor(new Carrier(new UnlistedOrder("x")));
        var bytes = serializer.ToBinary(new Carrier(new UnlistedOrder("x")));

        var refused = Assert.Throws<WireTypeRefusedException>(() => serializer.FromBinary(bytes, typeof(object)));

        Assert.Contains(typeof(UnlistedOrder).FullName!, refused.TypeName);
    }

    [Fact]
    public void An_unsafe_framework_type_is_refused_by_name()
    {
        var file = new FileInfo("/tmp/wire-test");
        var serializer = Sys.Serialization.FindSerializerFor(file);
        var bytes = serializer.ToBinary(file);

        var refused = Assert.Throws<WireTypeRefusedException>(() => serializer.FromBinary(bytes, typeof(object)));

        Assert.Contains(typeof(FileInfo).FullName!, refused.Message);
    }

    [Fact]
    public void The_serializer_keeps_working_after_a_refusal()
    {
        var serializer = Sys.Serialization.FindSerializerFor(new Ping(1));
        var refusedBytes = serializer.ToBinary(new UnlistedOrder("x"));
        Assert.Throws<WireTypeRefusedException>(() => serializer.FromBinary(refusedBytes, typeof(object)));

        Assert.Equal(new Ping(7), RoundTrip(new Ping(7)));
    }

    [Fact]
    public void A_type_allowed_after_the_serializer_was_built_is_accepted()
    {
        var serializer = Sys.Serialization.FindSerializerFor(new UnlistedOrder("x"));
        var bytes = serializer.ToBinary(new UnlistedOrder("x"));
        Assert.Throws<WireTypeRefusedException>(() => serializer.FromBinary(bytes, typeof(object)));

        WireTypes.For(Sys).AllowMessage(typeof(UnlistedOrder));

        Assert.Equal(new UnlistedOrder("x"), serializer.FromBinary(bytes, typeof(object)));
    }
}
