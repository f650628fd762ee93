namespace Engine.Host.Bench.Limits;

using System.Security.Cryptography;

/// <summary>
/// The SHA-256 ceiling, as `openssl speed -multi N -evp sha256 -bytes 1048576` shows it: each thread hashes one
/// buffer of the leaf size (1 MiB, about an L2 cache) over and over, never touching memory, taking leaves one at a
/// time from a <see cref="SharedCursor"/> until the threads together have hashed as many leaves as the job has. No file, no mapping, no tree: what hashing alone costs.
/// </summary>
public static class HashLimit
{
    public const string What = "SHA-256 of one L2-sized leaf buffer, repeated, on each thread (openssl speed -multi N -evp sha256)";

    public static LimitRun Run(long size, int leafSize, int threads)
    {
        var leaves = (size + leafSize - 1) / leafSize;
        var cursor = new SharedCursor(leaves, 1);
        var (seconds, _) = PlainThreads.Run(threads, index =>
        {
            var buffer = GC.AllocateUninitializedArray<byte>(leafSize, pinned: true);
            buffer.AsSpan().Fill((byte)index);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            while (cursor.TryTake(out _, out _))
                SHA256.HashData(buffer, digest);
            return digest[0];
        });
        return new LimitRun(seconds, null);
    }
}
