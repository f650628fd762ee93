namespace Engine.Actors.Serialization;

using System.Reflection.Metadata;

/// <summary>
/// One spelling for a type, whether it comes from a <see cref="Type"/> or from a name read off the wire:
/// full name plus simple assembly name, so versions and public key tokens never decide identity.
/// </summary>
internal static class WireTypeKey
{
    public static TypeName NameOf(Type type)
    {
        if (type.AssemblyQualifiedName is not { } name || type.IsPointer || type.IsByRef ||
            type.ContainsGenericParameters && !type.IsGenericTypeDefinition)
            throw new ArgumentException($"'{type}' cannot cross the wire", nameof(type));
        return TypeName.Parse(name);
    }

    public static string Of(TypeName name)
    {
        if (name.IsArray)
            return Of(name.GetElementType()) + (name.IsSZArray ? "[]" : $"[{name.GetArrayRank()}]");
        if (name.IsConstructedGenericType)
            return Of(name.GetGenericTypeDefinition()) +
                   "[" + string.Join(",", name.GetGenericArguments().Select(a => "[" + Of(a) + "]")) + "]";
        return $"{name.FullName}, {name.AssemblyName?.Name}";
    }
}
