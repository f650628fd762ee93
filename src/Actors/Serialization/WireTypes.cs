namespace Engine.Actors.Serialization;

using Akka.Actor;
using Engine.Actors.Protocol;

/// <summary>
/// The per-ActorSystem <see cref="WireTypeAllowList"/>, shared by the serializer Akka constructs and the engine,
/// which adds each registered kernel's wire types. Starts with <see cref="WireProtocol"/>.
/// </summary>
public sealed class WireTypes : ExtensionIdProvider<WireTypeAllowList>
{
    public static WireTypeAllowList For(ActorSystem system) => system.WithExtension<WireTypeAllowList, WireTypes>();

    public override WireTypeAllowList CreateExtension(ExtendedActorSystem system)
    {
        var allowList = new WireTypeAllowList();
        allowList.AllowMessages(WireProtocol.Messages);
        allowList.Allow(WireProtocol.Values);
        return allowList;
    }
}
