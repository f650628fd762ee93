using System.Runtime.Serialization;

namespace Engine.Actors.Serialization;

/// <summary>A message from the wire named a type this ActorSystem does not accept; the message is dropped.</summary>
public sealed class WireTypeRefusedException(string typeName, string reason, Exception inner)
    : SerializationException($"Refused to deserialize type '{typeName}': {reason}", inner)
{
    /// <summary>The type as the sender named it (Hyperion's short assembly-qualified name).</summary>
    public string TypeName { get; } = typeName;
}
