namespace Engine.Actors.Tests.Serialization;

using System.Text;
using Akka.Actor;
using Akka.Dispatch.SysMsg;
using Akka.TestKit.Xunit2;
using Akka.Util;
using Engine.Actors.Serialization;

/// <summary>Akka's deserialization path by serializer id: only the engine's Hyperion and Akka's fixed-type serializers build anything.</summary>
public sealed class ClosedSerializersTests : TestKit
{
    private const string DirectoryListJson =
        """{"$type":"System.Collections.Generic.List`1[[System.IO.DirectoryInfo, System.Private.CoreLib]], System.Private.CoreLib","$values":[{"$type":"System.IO.DirectoryInfo, System.Private.CoreLib","OriginalPath":"/","FullPath":"/"}]}""";

    public ClosedSerializersTests() : base(WireSerialization.Config.WithFallback(Akka.Configuration.ConfigurationFactory.ParseString(
        "akka.actor.provider = remote\nakka.remote.dot-netty.tcp { hostname = 127.0.0.1, port = 0 }")))
    {
    }

    [Theory]
    [InlineData(1, "")]
    [InlineData(1, "System.Collections.Generic.List`1[[System.IO.DirectoryInfo, System.Private.CoreLib]], System.Private.CoreLib")]
    [InlineData(2, "System.IO.DirectoryInfo, System.Private.CoreLib")]
    [InlineData(3, "")]
    public void Json_with_type_names_is_refused_under_every_closed_id(int serializerId, string manifest)
    {
        var refused = Assert.Throws<WireTypeRefusedException>(() =>
            Sys.Serialization.Deserialize(Encoding.UTF8.GetBytes(DirectoryListJson), serializerId, manifest));

        Assert.Contains($"serializer {serializerId} (", refused.Message);
    }

    [Theory]
    [InlineData("PP")]
    [InlineData("K")]
    [InlineData("STF")]
    [InlineData("RS")]
    [InlineData("CF")]
    public void Akka_messages_that_stop_actors_build_exceptions_or_deploy_are_refused(string manifest)
    {
        var misc = Sys.Serialization.FindSerializerFor(PoisonPill.Instance);
        Assert.IsType<GuardedMiscMessageSerializer>(misc);

        Assert.Throws<WireTypeRefusedException>(() => Sys.Serialization.Deserialize(misc.ToBinary(PoisonPill.Instance), misc.Identifier, manifest));
    }

    [Fact]
    public void Identification_still_crosses_the_wire()
    {
        var misc = Sys.Serialization.FindSerializerFor(new Identify(42));

        var back = Sys.Serialization.Deserialize(misc.ToBinary(new Identify(42)), misc.Identifier, "ID");

        Assert.Equal(42, Assert.IsType<Identify>(back).MessageId);
    }

    [Fact]
    public void Remote_death_watch_is_read_and_terminate_is_refused()
    {
        var watchee = (IInternalActorRef)CreateTestProbe().Ref;
        var watcher = (IInternalActorRef)TestActor;
        var watch = new Watch(watchee, watcher);
        var system = Sys.Serialization.FindSerializerFor(watch);
        Assert.IsType<GuardedSystemMessageSerializer>(system);

        var back = Sys.Serialization.Deserialize(system.ToBinary(watch), system.Identifier, typeof(Watch).TypeQualifiedName());

        Assert.Equal(watchee, Assert.IsType<Watch>(back).Watchee);
        Assert.Throws<WireTypeRefusedException>(() =>
            Sys.Serialization.Deserialize(system.ToBinary(new Terminate()), system.Identifier, typeof(Terminate).TypeQualifiedName()));
    }
}
