namespace Engine.Actors.Serialization;

using System.Buffers.Binary;

/// <summary>
/// A payload as Hyperion 0.12.2 reads it, refusing every length prefix larger than the bytes left before
/// Hyperion can allocate from it: type and field names, strings, byte arrays, array and collection counts.
/// Hyperion reads each such prefix as one 4-byte read and allocates before reading on, so the stream tells a
/// length from a 4-byte value by what was read just before, following Hyperion's layout with version tolerance
/// (every value behind a one-byte manifest): a 4-byte read is a value only behind the manifest of an
/// <c>int</c>, <c>uint</c>, <c>float</c>, <c>decimal</c> or object reference, as the content of a 4-byte
/// string (its length byte 5), or right after another 4-byte read (a decimal's parts, a 4-byte content);
/// anything else is a length. A type header's
/// name and field names are followed exactly. The one ambiguity is taken as a length: a <c>byte</c> of
/// 252 (Hyperion's primitive-array manifest) right before a 4-byte value larger than what is left.
/// </summary>
internal sealed class LengthBoundedPayloadStream(byte[] payload) : Stream
{
    // Hyperion 0.12.2's manifests (ValueSerializers/*.Manifest) that matter here.
    private const byte Int32Manifest = 8;
    private const byte UInt32Manifest = 18;
    private const byte FloatManifest = 12;
    private const byte DecimalManifest = 14;
    private const byte ObjectReferenceManifest = 253;
    private const byte PrimitiveArrayManifest = 252;
    private const byte TypeManifestWithFields = 251;
    private const byte TypeManifest = 255;
    private const byte FourByteStringLength = 5;

    private int _position;
    private Last _last = Last.Nothing;
    private int _lastByte = -1;
    private int _byteBeforeLast = -1;
    private Header _header = Header.None;
    private int _fieldNamesLeft;

    private enum Last { Nothing, Byte, FourByteValue, FourByteLength, OtherRead, TypeHeader }

    // Where a type header (manifest 251/255: name length, name, for 251 a field count and the field names) is.
    private enum Header { None, Name, FieldCount, FieldNameLength, FieldName }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => payload.Length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int ReadByte()
    {
        if (_position >= payload.Length)
            return -1;
        var b = payload[_position++];
        if (_header == Header.FieldCount)
        {
            _fieldNamesLeft = b;
            _header = b > 0 ? Header.FieldNameLength : Header.None;
            _last = Last.TypeHeader;
            return b;
        }
        _byteBeforeLast = _last == Last.Byte ? _lastByte : -1;
        _lastByte = b;
        _last = Last.Byte;
        return b;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = Math.Min(buffer.Length, payload.Length - _position);
        payload.AsSpan(_position, read).CopyTo(buffer);
        _position += read;
        if (_header is Header.Name or Header.FieldName)
        {
            EndOfName();
            return read;
        }
        if (read != sizeof(int))
        {
            _last = Last.OtherRead;
            return read;
        }
        var value = BinaryPrimitives.ReadInt32LittleEndian(buffer);
        if (!IsLength())
        {
            _last = Last.FourByteValue;
            return read;
        }
        var left = payload.Length - _position;
        if (value < 0 || value > left)
            throw new PayloadBoundsException(value, _position - sizeof(int), left);
        _header = _header == Header.FieldNameLength ? Header.FieldName
            : _last == Last.Byte && _lastByte is TypeManifest or TypeManifestWithFields ? Header.Name
            : Header.None;
        _last = Last.FourByteLength;
        return read;
    }

    private bool IsLength()
    {
        if (_header == Header.FieldNameLength)
            return true;
        return _last switch
        {
            Last.FourByteValue or Last.FourByteLength => false,
            Last.Byte when _byteBeforeLast == PrimitiveArrayManifest => true,
            Last.Byte => _lastByte is not (Int32Manifest or UInt32Manifest or FloatManifest or DecimalManifest
                or ObjectReferenceManifest or FourByteStringLength),
            _ => true,
        };
    }

    private void EndOfName()
    {
        var withFields = _header == Header.Name && _lastByte == TypeManifestWithFields;
        if (_header == Header.FieldName)
            _fieldNamesLeft--;
        _header = withFields ? Header.FieldCount
            : _header == Header.FieldName && _fieldNamesLeft > 0 ? Header.FieldNameLength
            : Header.None;
        _last = Last.TypeHeader;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
