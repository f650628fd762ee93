namespace Engine.Actors.Serialization;

using System.Buffers.Binary;
using System.Reflection.Metadata;
using System.Text;

/// <summary>
/// The type name Hyperion writes first for an object (a manifest byte, a 32-bit length, UTF-8), read here
/// before Hyperion sees the payload: a length beyond the payload or a type that is not a wire message is
/// refused without allocating anything from the sender's numbers.
/// </summary>
internal static class WireMessageHeader
{
    // Hyperion's ObjectSerializer manifests that start with a type name (full, and with version tolerance).
    private const byte ManifestFull = 255;
    private const byte ManifestVersion = 251;
    private const int PrefixBytes = 1 + sizeof(int);

    /// <summary>The message's type name as written, or the reason it is refused.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, out string typeName, out string refusal)
    {
        typeName = "";
        if (payload.Length < PrefixBytes || payload[0] is not (ManifestFull or ManifestVersion))
        {
            refusal = "it does not start with an object's type name";
            return false;
        }
        var length = BinaryPrimitives.ReadInt32LittleEndian(payload[1..]);
        if (length <= 0 || length > payload.Length - PrefixBytes)
        {
            refusal = $"its type name claims {length} bytes, the payload has {payload.Length - PrefixBytes} left";
            return false;
        }
        typeName = Encoding.UTF8.GetString(payload.Slice(PrefixBytes, length));
        refusal = "";
        return true;
    }

    /// <summary>Hyperion abbreviates the core library's ", Version=..., Culture=..., PublicKeyToken=..." to this.</summary>
    public static bool TryParse(string typeName, out TypeName name) =>
        TypeName.TryParse(typeName.Replace(",%core%", "", StringComparison.Ordinal), out name!);
}
