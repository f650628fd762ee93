namespace Engine.Actors.Serialization;

using Hyperion;

/// <summary>
/// Hyperion's type filter over a <see cref="WireTypeAllowList"/>. It judges the name the sender wrote, before
/// Hyperion loads anything, so a refused name never loads an assembly. Unparsable names are refused.
/// </summary>
internal sealed class AllowListTypeFilter(WireTypeAllowList allowList) : ITypeFilter
{
    public bool IsAllowed(string typeName) => WireMessageHeader.TryParse(typeName, out var name) && allowList.IsAllowed(name);
}
