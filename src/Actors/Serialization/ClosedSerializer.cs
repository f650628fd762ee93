namespace Engine.Actors.Serialization;

using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Serialization;

/// <summary>
/// Stands in for one of Akka's serializers that builds objects from names the sender writes (JSON with type
/// names, Protobuf by message type, remote deployment's Props): under its id, it refuses every payload and
/// never resolves the manifest. The engine sends nothing through these.
/// </summary>
public abstract class ClosedSerializer(ExtendedActorSystem system, int identifier, string replaces)
    : SerializerWithStringManifest(system)
{
    public override int Identifier => identifier;

    public override string Manifest(object o) => throw Unused(o);

    public override byte[] ToBinary(object obj) => throw Unused(obj);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        var refused = new WireTypeRefusedException(manifest,
            $"serializer {identifier} ({replaces}) is closed on this ActorSystem; engine messages use {nameof(HyperionWireSerializer)}", null);
        Logging.GetLogger(system, GetType()).Error(refused, refused.Message);
        throw refused;
    }

    private InvalidOperationException Unused(object obj) =>
        new($"{obj.GetType()} is bound to the closed serializer {identifier} ({replaces}); bind it to {nameof(HyperionWireSerializer)}");
}

/// <summary>Akka's Newtonsoft JSON serializer (id 1, type names on): it would build any .NET type.</summary>
public sealed class ClosedJsonSerializer(ExtendedActorSystem system) : ClosedSerializer(system, 1, "Newtonsoft JSON")
{
    /// <summary>Akka passes the JSON serializer's settings section, which has nothing for a closed one.</summary>
    public ClosedJsonSerializer(ExtendedActorSystem system, Config config) : this(system)
    {
    }
}

/// <summary>Akka.Remote's Protobuf serializer (id 2): it resolves the message type the sender names.</summary>
public sealed class ClosedProtobufSerializer(ExtendedActorSystem system) : ClosedSerializer(system, 2, "Protobuf by type name");

/// <summary>Remote deployment (id 3): it would create actors of a type, with arguments, the sender names.</summary>
public sealed class ClosedDaemonCreateSerializer(ExtendedActorSystem system) : ClosedSerializer(system, 3, "remote deployment");
