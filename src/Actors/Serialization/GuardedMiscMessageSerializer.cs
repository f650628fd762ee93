namespace Engine.Actors.Serialization;

using Akka.Actor;
using Akka.Event;
using Akka.Remote.Serialization;
using Akka.Serialization;

/// <summary>
/// Akka.Remote's serializer of its own small messages (id 16), reading only what remoting and the engine need:
/// identification, actor refs, remote heartbeats and Status.Success. Refused from the wire: PoisonPill and Kill
/// (a stranger could stop the engine's actors), Status.Failure (it builds an exception of any type the sender
/// names), and the deployment, router and Config messages of remote deployment, which the engine never uses.
/// </summary>
public sealed class GuardedMiscMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private static readonly HashSet<string> Readable = new(StringComparer.Ordinal) { "ID", "AID", "AR", "RWHB", "RWHR", "STS" };

    private readonly MiscMessageSerializer _inner = new(system);

    public override int Identifier => _inner.Identifier;

    public override string Manifest(object o) => _inner.Manifest(o);

    public override byte[] ToBinary(object obj) => _inner.ToBinary(obj);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (Readable.Contains(manifest))
            return _inner.FromBinary(bytes, manifest);
        var refused = new WireTypeRefusedException(manifest,
            "Akka's message of this manifest is not accepted from the wire by the engine", null);
        Logging.GetLogger(system, typeof(GuardedMiscMessageSerializer)).Error(refused, refused.Message);
        throw refused;
    }
}
