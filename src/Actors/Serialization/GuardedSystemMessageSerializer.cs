namespace Engine.Actors.Serialization;

using Akka.Actor;
using Akka.Dispatch.SysMsg;
using Akka.Event;
using Akka.Remote.Serialization;
using Akka.Serialization;
using Akka.Util;

/// <summary>
/// Akka.Remote's system message serializer (id 22), reading only remote death watch (Watch, Unwatch,
/// DeathWatchNotification). The rest serve remotely deployed children, which the engine never has:
/// Terminate would stop any actor, and Failed builds an exception of any type the sender names. A string
/// manifest, checked here, keeps Akka from resolving the sender's type name first.
/// </summary>
public sealed class GuardedSystemMessageSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    private static readonly Dictionary<string, Type> Readable =
        new[] { typeof(Watch), typeof(Unwatch), typeof(DeathWatchNotification) }
            .ToDictionary(t => t.TypeQualifiedName(), StringComparer.Ordinal);

    private readonly SystemMessageSerializer _inner = new(system);

    public override int Identifier => _inner.Identifier;

    public override string Manifest(object o) => o.GetType().TypeQualifiedName();

    public override byte[] ToBinary(object obj) => _inner.ToBinary(obj);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (Readable.TryGetValue(manifest, out var type))
            return _inner.FromBinary(bytes, type);
        var refused = new WireTypeRefusedException(manifest,
            "only remote death watch is accepted from the wire among Akka's system messages", null);
        Logging.GetLogger(system, typeof(GuardedSystemMessageSerializer)).Error(refused, refused.Message);
        throw refused;
    }
}
