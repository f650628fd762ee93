namespace Engine.Actors.Serialization;

using System.Runtime.Serialization;

/// <summary>A message from the wire was refused (a type this ActorSystem does not accept, or bad bounds); it is dropped.</summary>
public sealed class WireTypeRefusedException(string typeName, string reason, Exception? inner)
    : SerializationException($"Refused to deserialize type '{typeName}': {reason}", inner)
{
    /// <summary>The type as the sender named it (Hyperion's short assembly-qualified name).</summary>
    public string TypeName { get; } = typeName;
}
