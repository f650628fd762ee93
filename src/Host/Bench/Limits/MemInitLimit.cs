namespace Engine.Host.Bench.Limits;

using System.Runtime.InteropServices;
using Engine.Kernels.BuiltIn.MemInit;

/// <summary>
/// First-touch fill and read-back of fresh anonymous memory on plain threads: each thread takes 64 MiB pieces (the meminit kernel's mapping size) from a
/// <see cref="SharedCursor"/>, maps each (mmap), fills each 64 KiB block with a memset (Span.Fill) and sums it back
/// while it is in cache, then unmaps the piece. The page faults, the kernel's zeroing and the stores are the machine's; nothing
/// else is done. The sum is checked, so the loop cannot be skipped or wrong.
/// </summary>
public static unsafe partial class MemInitLimit
{
    public const string What = "mmap + first-touch memset + read-back of fresh anonymous memory in 64 KiB blocks, on each thread, 64 MiB pieces taken from a shared counter";

    private const int BlockBytes = 64 * 1024;
    private const long PiecePages = (64 << 20) / PageSize;
    private const int PageSize = 4096;
    private const byte Pattern = 0x5a;
    private const int ProtRead = 0x1;
    private const int ProtWrite = 0x2;
    private const int MapPrivate = 0x02;
    private const int MapAnonymous = 0x20;

    public static LimitRun Run(long size, int threads) => Run(size, PiecePages * PageSize, threads);

    public static LimitRun Run(long size, long pieceBytes, int threads)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("the meminit limit maps anonymous memory with Linux's mmap");
        var cursor = new SharedCursor(size / PageSize, Math.Max(1, pieceBytes / PageSize));
        var (seconds, _) = PlainThreads.Run(threads, _ =>
        {
            while (cursor.TryTake(out var from, out var to))
                FillAndReadBack((to - from) * PageSize);
            return 0;
        });
        return new LimitRun(seconds, null);
    }

    private static void FillAndReadBack(long length)
    {
        var address = mmap(0, (nuint)length, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (address == -1)
            throw new OutOfMemoryException($"mmap of {length} bytes failed (errno {Marshal.GetLastPInvokeError()})");
        try
        {
            var start = (byte*)address;
            ulong sum = 0;
            for (long block = 0; block < length; block += BlockBytes)
            {
                var bytes = (int)Math.Min(BlockBytes, length - block);
                new Span<byte>(start + block, bytes).Fill(Pattern);
                sum += WideWords.Sum((ulong*)(start + block), bytes / sizeof(ulong));
            }
            var expected = (ulong)(length / sizeof(ulong)) * (0x0101010101010101UL * Pattern);
            if (sum != expected)
                throw new InvalidOperationException($"read back 0x{sum:x16} from {length} filled bytes, expected 0x{expected:x16}");
        }
        finally
        {
            munmap(address, (nuint)length);
        }
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc")]
    private static partial int munmap(nint address, nuint length);
}
