namespace Engine.Actors.Serialization;

using System.Collections.Concurrent;
using System.Reflection.Metadata;
using Akka.Actor;

/// <summary>
/// The types an ActorSystem accepts from the wire, each listed by itself (no namespace wildcards):
/// <i>messages</i>, which may arrive as a remote message, and <i>values</i>, which may only appear inside one;
/// generic definitions whose arguments are accepted, and one-dimensional arrays of accepted types, count as values.
/// Thread-safe; it only grows, because Hyperion caches each type name it has resolved and would not notice
/// a removal. Get the instance of a system with <see cref="WireTypes.For"/>.
/// </summary>
public sealed class WireTypeAllowList : IExtension
{
    private readonly ConcurrentDictionary<string, byte> _messages = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _types = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _genericDefinitions = new(StringComparer.Ordinal);

    public WireTypeAllowList()
    {
        Allow(StandardWireTypes.Values);
        Allow(StandardWireTypes.Collections);
        Allow(StandardWireTypes.ActorReferences);
    }

    /// <summary>
    /// Accepts <paramref name="type"/> inside a message; a generic definition such as <c>typeof(Box&lt;&gt;)</c>
    /// accepts its constructions whose arguments are accepted.
    /// </summary>
    public void Allow(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var key = WireTypeKey.Of(WireTypeKey.NameOf(type));
        (type.IsGenericTypeDefinition ? _genericDefinitions : _types).TryAdd(key, 0);
    }

    public void Allow(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        foreach (var type in types)
            Allow(type);
    }

    /// <summary>Accepts <paramref name="type"/> as a remote message (and inside one).</summary>
    public void AllowMessage(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (type.IsGenericTypeDefinition || type.IsArray)
            throw new ArgumentException($"a message type is one concrete type, not '{type}'", nameof(type));
        Allow(type);
        _messages.TryAdd(WireTypeKey.Of(WireTypeKey.NameOf(type)), 0);
    }

    public void AllowMessages(IEnumerable<Type> types)
    {
        ArgumentNullException.ThrowIfNull(types);
        foreach (var type in types)
            AllowMessage(type);
    }

    public bool IsAllowed(Type type) => IsAllowed(WireTypeKey.NameOf(type));

    public bool IsMessage(Type type) => IsMessage(WireTypeKey.NameOf(type));

    public bool IsMessage(TypeName name) =>
        !name.IsArray && !name.IsPointer && !name.IsByRef && _messages.ContainsKey(WireTypeKey.Of(name));

    public bool IsAllowed(TypeName name)
    {
        // One-dimensional only: a multi-dimensional array's lengths follow each other on the wire, where the
        // length bounds (LengthBoundedPayloadStream) take the second for a value.
        if (name.IsArray)
            return name.IsSZArray && IsAllowed(name.GetElementType());
        if (name.IsPointer || name.IsByRef)
            return false;
        if (_types.ContainsKey(WireTypeKey.Of(name)))
            return true;
        return name.IsConstructedGenericType &&
               _genericDefinitions.ContainsKey(WireTypeKey.Of(name.GetGenericTypeDefinition())) &&
               name.GetGenericArguments().All(IsAllowed);
    }
}
