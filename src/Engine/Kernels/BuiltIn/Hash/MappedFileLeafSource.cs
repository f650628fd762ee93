namespace Engine.Kernels.BuiltIn.Hash;

using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;

/// <summary>
/// A chunk's range of a file mapped read-only: SHA-256 reads the page cache in place, with no copy into a buffer
/// (a copy cost about a tenth of the hashing time). Many chunks map one file at once, none maps it whole.
/// The range is checked against the file's length before mapping, because touching a mapped page past the
/// end of the file is a SIGBUS rather than an exception. On Linux the mapping is populated at once
/// (MADV_POPULATE_READ): one call fills the page tables that page faults would otherwise fill 64 KiB at a time.
/// </summary>
internal sealed unsafe partial class MappedFileLeafSource : LeafSource
{
    private const int MadvisePopulateRead = 22;

    private readonly MemoryMappedFile? _file;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly byte* _start;
    private readonly long _first;

    public MappedFileLeafSource(string path, long first, long length)
    {
        _first = first;
        if (length == 0)
            return;
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            var fileLength = RandomAccess.GetLength(handle);
            if (first + length > fileLength)
                throw new EndOfStreamException($"'{path}' ends at byte {fileLength}, before the job's range does ({first + length})");
            _file = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
        try
        {
            _view = _file.CreateViewAccessor(first, length, MemoryMappedFileAccess.Read);
            byte* start = null;
            _view.SafeMemoryMappedViewHandle.AcquirePointer(ref start);
            _start = start + _view.PointerOffset;
            // Only a hint: a kernel before 5.14 refuses it (EINVAL) and the pages fault in as they are read.
            if (OperatingSystem.IsLinux())
                _ = madvise((nint)start, (nuint)(_view.PointerOffset + length), MadvisePopulateRead);
        }
        catch
        {
            _view?.Dispose();
            _file.Dispose();
            throw;
        }
    }

    public override ReadOnlySpan<byte> Read(long offset, int length) => new(_start + (offset - _first), length);

    public override void Dispose()
    {
        if (_view is null)
            return;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file!.Dispose();
    }

    [LibraryImport("libc")]
    private static partial int madvise(nint address, nuint length, int advice);
}
