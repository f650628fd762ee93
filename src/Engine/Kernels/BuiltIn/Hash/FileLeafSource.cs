using Microsoft.Win32.SafeHandles;

namespace Engine.Kernels.BuiltIn.Hash;

/// <summary>Reads a file's ranges at explicit offsets, so many chunks read one file at once and none reads it whole.</summary>
internal sealed class FileLeafSource(string path) : LeafSource
{
    private readonly SafeFileHandle _file =
        File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read, FileOptions.RandomAccess);

    public override void Read(long offset, Span<byte> destination)
    {
        var filled = 0;
        while (filled < destination.Length)
        {
            var read = RandomAccess.Read(_file, destination[filled..], offset + filled);
            if (read == 0)
                throw new EndOfStreamException($"'{path}' ends at byte {offset + filled}, before the job's range does");
            filled += read;
        }
    }

    public override void Dispose() => _file.Dispose();
}
