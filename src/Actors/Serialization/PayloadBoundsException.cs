namespace Engine.Actors.Serialization;

/// <summary>A length prefix inside a payload claims more bytes than the payload has left.</summary>
internal sealed class PayloadBoundsException(int length, int offset, int left)
    : Exception($"a length prefix at byte {offset} claims {length} bytes, the payload has {left} left");
