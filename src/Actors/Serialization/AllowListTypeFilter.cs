using System.Reflection.Metadata;
using Hyperion;

namespace Engine.Actors.Serialization;

/// <summary>
/// Hyperion's type filter over a <see cref="WireTypeAllowList"/>. It judges the name the sender wrote, before
/// Hyperion loads anything, so a refused name never loads an assembly. Unparsable names are refused.
/// </summary>
internal sealed class AllowListTypeFilter(WireTypeAllowList allowList) : ITypeFilter
{
    // Hyperion abbreviates the core library's ", Version=..., Culture=..., PublicKeyToken=..." to this.
    private const string CoreLibraryMarker = ",%core%";

    public bool IsAllowed(string typeName) =>
        TypeName.TryParse(typeName.Replace(CoreLibraryMarker, "", StringComparison.Ordinal), out var name) &&
        allowList.IsAllowed(name);
}
