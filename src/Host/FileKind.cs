namespace Engine.Host;

using System.Runtime.InteropServices;

/// <summary>What a path is (regular file, FIFO, device...): .NET reports all of them as "Normal" files of length 0.</summary>
public static partial class FileKind
{
    private const int AtCurrentDirectory = -100;
    private const uint StatxType = 0x1;
    private const int TypeMask = 0xF000;

    /// <summary>
    /// "a regular file", "a directory", "a FIFO", "a character device"..., following symbolic links; null where
    /// statx(2) is missing (not Linux): the caller then cannot tell, and does not refuse.
    /// </summary>
    public static string? Of(string path)
    {
        // struct statx has the same layout on every architecture: stx_mode is the u16 at byte 28.
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            if (Statx(AtCurrentDirectory, path, 0, StatxType, ref MemoryMarshal.GetReference(buffer)) != 0)
                return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
        return (BitConverter.ToUInt16(buffer[28..30]) & TypeMask) switch
        {
            0x8000 => "a regular file",
            0x4000 => "a directory",
            0x1000 => "a FIFO",
            0x2000 => "a character device",
            0x6000 => "a block device",
            0xC000 => "a socket",
            _ => "not a file",
        };
    }

    [LibraryImport("libc", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Statx(int directory, string path, int flags, uint mask, ref byte buffer);
}
