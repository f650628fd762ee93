namespace Engine.Actors.Serialization;

using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Event;
using Akka.Util;
using Hyperion;
using Hyperion.Internal;

/// <summary>
/// Akka.Serialization.Hyperion rebuilt (the package is not available here) with the unsafe-type checks always on
/// when reading, and the per-system <see cref="WireTypeAllowList"/> as their type filter, consulted at
/// deserialization time so types allowed after start-up are accepted. A payload is refused before Hyperion
/// reads it when it exceeds the transport's frame, or when it does not start with the name of a wire message
/// (<see cref="WireMessageHeader"/>); while Hyperion reads it, a length prefix beyond the bytes left is refused
/// before Hyperion allocates from it (<see cref="LengthBoundedPayloadStream"/>). A string manifest (always empty) keeps Akka from resolving a type
/// named by the sender before this serializer is asked.
/// </summary>
public sealed class HyperionWireSerializer : Akka.Serialization.SerializerWithStringManifest
{
    private const string FrameSizePath = "akka.remote.dot-netty.tcp.maximum-frame-size";

    private readonly HyperionSerializers _hyperion;
    private readonly WireTypeAllowList _allowList;
    private readonly long _maximumPayload;

    public HyperionWireSerializer(ExtendedActorSystem system)
        : this(system, versionTolerance: true, preserveObjectReferences: true)
    {
    }

    /// <param name="config">The <c>akka.actor.serialization-settings.hyperion</c> section.</param>
    public HyperionWireSerializer(ExtendedActorSystem system, Config config)
        : this(system,
            config.GetBoolean("version-tolerance", true),
            config.GetBoolean("preserve-object-references", true))
    {
    }

    private HyperionWireSerializer(ExtendedActorSystem system, bool versionTolerance, bool preserveObjectReferences)
        : base(system)
    {
        if (!versionTolerance)
            throw new ConfigurationException(
                "akka.actor.serialization-settings.hyperion.version-tolerance must stay on: the engine's length bounds " +
                "(LengthBoundedPayloadStream) rely on the manifest Hyperion then writes before every value");
        // Actor references, paths and addresses travel as their surrogates and resolve in the receiving system.
        var actorReferences = Surrogate.Create<ISurrogated, ISurrogate>(
            from => from.ToSurrogate(system),
            to => to.FromSurrogate(system));
        _allowList = WireTypes.For(system);
        _hyperion = HyperionSerializers.Create(new AllowListTypeFilter(_allowList), preserveObjectReferences, [actorReferences]);
        // Without remoting nothing arrives from outside, so no frame bounds a payload.
        _maximumPayload = system.Settings.Config.HasPath(FrameSizePath)
            ? system.Settings.Config.GetByteSize(FrameSizePath) ?? long.MaxValue
            : long.MaxValue;
    }

    /// <summary>The official Hyperion serializer's id, so both sides of the wire agree on it.</summary>
    public override int Identifier => -5;

    public override string Manifest(object o) => "";

    public override byte[] ToBinary(object obj) => _hyperion.ToBinary(obj);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (bytes.Length > _maximumPayload)
            throw Refuse("(unread)", $"the payload of {bytes.Length} bytes exceeds {FrameSizePath} ({_maximumPayload})");
        if (!WireMessageHeader.TryRead(bytes, out var typeName, out var headerRefusal))
            throw Refuse("(unread)", headerRefusal);
        if (!WireMessageHeader.TryParse(typeName, out var name))
            throw Refuse(typeName, "it is not a type name");
        if (!_allowList.IsMessage(name))
            throw Refuse(typeName, _allowList.IsAllowed(name)
                ? "it may travel inside a wire message, not as one (see WireProtocol)"
                : "it is not a wire message of this ActorSystem (see WireProtocol and WireTypes.For)");
        try
        {
            using var stream = new LengthBoundedPayloadStream(bytes);
            return _hyperion.Reader.Deserialize<object>(stream);
        }
        catch (Exception e) when (Cause<PayloadBoundsException>(e) is { } bounds)
        {
            throw Refuse(typeName, bounds.Message, e);
        }
        catch (Exception e) when (Cause<EvilDeserializationException>(e) is { } refusal)
        {
            throw Refuse(refusal.BadTypeString, refusal is UserEvilDeserializationException
                ? "it is not on this ActorSystem's wire type allow-list (see WireTypes.For)"
                : "Hyperion lists it as unsafe", e);
        }
        catch (Exception e)
        {
            throw new SerializationException($"Failed to deserialize an instance of {typeName}: {e.Message}", e);
        }
    }

    private WireTypeRefusedException Refuse(string typeName, string reason, Exception? inner = null)
    {
        var refused = new WireTypeRefusedException(typeName, reason, inner);
        // Remoting only warns and drops the message; a refused payload is a misconfiguration or an attack.
        Logging.GetLogger(system, typeof(HyperionWireSerializer)).Error(refused, refused.Message);
        return refused;
    }

    /// <summary>Hyperion wraps what it meets below the top-level object in its own SerializationException.</summary>
    private static T? Cause<T>(Exception e) where T : Exception
    {
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
            if (cause is T found)
                return found;
        return null;
    }
}
