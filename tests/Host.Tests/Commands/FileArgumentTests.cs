namespace Host.Tests.Commands;

using System.Diagnostics;

/// <summary>`--file` takes regular files only: anything else is named, before any engine starts.</summary>
public sealed class FileArgumentTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("engine-file-args-").FullName;

    [Theory]
    [InlineData("/dev/zero", "'/dev/zero' is a character device, not a regular file")]
    [InlineData("/proc/self/status", "'/proc/self/status' reports 0 bytes but has content")]
    [InlineData("/nonexistent/engine-file", "'/nonexistent/engine-file' does not exist")]
    public async Task Hash_refuses_a_path_that_is_not_a_regular_file(string path, string expected)
    {
        var (code, errors) = await RunArgumentErrorTests.Invoke("run", "hash", "--file", path);

        Assert.Equal(2, code);
        Assert.Equal($"error: arguments.path: {expected}", errors.Trim()[..$"error: arguments.path: {expected}".Length]);
    }

    [Fact]
    public async Task Hash_refuses_a_directory()
    {
        var (code, errors) = await RunArgumentErrorTests.Invoke("run", "hash", "--file", _directory);

        Assert.Equal(2, code);
        Assert.Contains($"'{_directory}' is a directory", errors);
    }

    [Fact]
    public async Task Hash_refuses_a_fifo_without_waiting_for_a_writer()
    {
        var fifo = Path.Combine(_directory, "fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
            await mkfifo.WaitForExitAsync();

        var (code, errors) = await RunArgumentErrorTests.Invoke("run", "hash", "--file", fifo, "--size", "1MiB");

        Assert.Equal(2, code);
        Assert.Contains($"'{fifo}' is a FIFO", errors);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
