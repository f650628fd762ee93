using System.Collections.Concurrent;
using System.Reflection;
using System.Reflection.Metadata;
using Akka.Actor;

namespace Engine.Actors.Serialization;

/// <summary>
/// The types an ActorSystem accepts from the wire: exact types, generic definitions whose arguments are
/// accepted, arrays of accepted types, and every type under a namespace prefix of a given assembly.
/// Thread-safe; it only grows, because Hyperion caches each type name it has resolved and would not notice
/// a removal. Get the instance of a system with <see cref="WireTypes.For"/>.
/// </summary>
public sealed class WireTypeAllowList : IExtension
{
    private readonly ConcurrentDictionary<string, byte> _types = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _genericDefinitions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<NamespaceRule, byte> _namespaces = new();

    public WireTypeAllowList()
    {
        Allow(StandardWireTypes.Values);
        Allow(StandardWireTypes.Collections);
        Allow(StandardWireTypes.ActorReferences);
    }

    /// <summary>
    /// Accepts <paramref name="type"/>; a generic definition such as <c>typeof(Box&lt;&gt;)</c> accepts its
    /// constructions whose arguments are accepted.
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

    /// <summary>Accepts every type of <paramref name="assembly"/> in <paramref name="namespacePrefix"/> or below it.</summary>
    public void AllowNamespace(Assembly assembly, string namespacePrefix)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        if (string.IsNullOrWhiteSpace(namespacePrefix))
            throw new ArgumentException("a namespace prefix must not be empty", nameof(namespacePrefix));
        var assemblyName = assembly.GetName().Name ??
                           throw new ArgumentException("the assembly has no name", nameof(assembly));
        _namespaces.TryAdd(new NamespaceRule(assemblyName, namespacePrefix.TrimEnd('.') + "."), 0);
    }

    public bool IsAllowed(Type type) => IsAllowed(WireTypeKey.NameOf(type));

    public bool IsAllowed(TypeName name)
    {
        if (name.IsArray)
            return IsAllowed(name.GetElementType());
        if (name.IsPointer || name.IsByRef)
            return false;
        if (_types.ContainsKey(WireTypeKey.Of(name)))
            return true;
        if (name.IsConstructedGenericType)
        {
            var definition = name.GetGenericTypeDefinition();
            return (_genericDefinitions.ContainsKey(WireTypeKey.Of(definition)) || InAllowedNamespace(definition))
                   && name.GetGenericArguments().All(IsAllowed);
        }
        return InAllowedNamespace(name);
    }

    private bool InAllowedNamespace(TypeName name) =>
        name.AssemblyName?.Name is { } assembly &&
        _namespaces.Keys.Any(rule => rule.Assembly == assembly &&
                                     name.FullName.StartsWith(rule.Prefix, StringComparison.Ordinal));

    /// <param name="Prefix">The namespace followed by a dot, so "Engine" never matches "EngineX".</param>
    private sealed record NamespaceRule(string Assembly, string Prefix);
}
