using Akka.Actor;
using Engine.Jobs;

namespace Engine.Actors.Serialization;

/// <summary>
/// The per-ActorSystem <see cref="WireTypeAllowList"/>, shared by the serializer Akka constructs and the engine,
/// which adds each registered kernel's wire types. Starts with the engine's own message namespaces.
/// </summary>
public sealed class WireTypes : ExtensionIdProvider<WireTypeAllowList>
{
    public const string EngineNamespace = "Engine";

    public static WireTypeAllowList For(ActorSystem system) => system.WithExtension<WireTypeAllowList, WireTypes>();

    public override WireTypeAllowList CreateExtension(ExtendedActorSystem system)
    {
        var allowList = new WireTypeAllowList();
        allowList.AllowNamespace(typeof(JobSpec).Assembly, EngineNamespace);
        allowList.AllowNamespace(typeof(WireTypes).Assembly, EngineNamespace);
        return allowList;
    }
}
