namespace Engine.Kernels.BuiltIn.MemInit;

using System.Runtime.InteropServices;

/// <summary>
/// Fresh, untouched memory: an anonymous private mapping on Linux, whose pages are allocated on first
/// touch on the toucher's NUMA node (the default local policy), like the kernel's struct pages on their node.
/// Elsewhere an aligned native allocation stands in. Dispose to release it.
/// </summary>
internal sealed unsafe partial class AnonymousMemory : IDisposable
{
    private const int ProtRead = 0x1;
    private const int ProtWrite = 0x2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;
    private const nuint PageAlignment = 4096;

    private AnonymousMemory(byte* start, long length)
    {
        Start = start;
        Length = length;
    }

    public byte* Start { get; private set; }

    public long Length { get; }

    public static AnonymousMemory Map(long length)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        if (!OperatingSystem.IsLinux())
            return new AnonymousMemory((byte*)NativeMemory.AlignedAlloc((nuint)length, PageAlignment), length);

        var address = mmap(0, (nuint)length, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (address == -1)
            throw new OutOfMemoryException($"mmap of {length} bytes failed (errno {Marshal.GetLastPInvokeError()})");
        return new AnonymousMemory((byte*)address, length);
    }

    public void Dispose()
    {
        if (Start == null)
            return;
        if (OperatingSystem.IsLinux())
            munmap((nint)Start, (nuint)Length);
        else
            NativeMemory.AlignedFree(Start);
        Start = null;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc")]
    private static partial int munmap(nint address, nuint length);
}
