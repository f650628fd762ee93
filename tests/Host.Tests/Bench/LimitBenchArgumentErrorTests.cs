namespace Host.Tests.Bench;

using Host.Tests.Commands;

/// <summary>`bench`'s file option refuses bad values before anything is measured: one line naming it, exit code 2.</summary>
public class LimitBenchArgumentErrorTests
{
    [Fact]
    public async Task Bench_refuses_a_file_for_a_kernel_that_reads_none()
    {
        var (code, errors) = await RunArgumentErrorTests.Invoke("bench", "meminit", "--file", "/etc/hostname");

        AssertOneLineNaming("--file: only the hash kernel reads a file", code, errors);
    }

    [Fact]
    public async Task Bench_names_a_missing_file()
    {
        var (code, errors) = await RunArgumentErrorTests.Invoke("bench", "hash", "--file", "/nonexistent/engine-bench-input");

        AssertOneLineNaming("--file: '/nonexistent/engine-bench-input' is not a readable file", code, errors);
    }

    [Fact]
    public async Task Bench_refuses_a_size_past_the_end_of_the_file()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, new byte[4096]);
        try
        {
            var (code, errors) = await RunArgumentErrorTests.Invoke("bench", "hash", "--file", path, "--size", "8192");

            AssertOneLineNaming($"--size: 8192 bytes run past the end of '{path}' (4096 bytes)", code, errors);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertOneLineNaming(string expected, int code, string errors)
    {
        Assert.Equal(2, code);
        var problems = errors.Split(Environment.NewLine).Where(line => line.StartsWith("error: ", StringComparison.Ordinal)).ToArray();
        Assert.Equal([$"error: {expected}"], problems);
        Assert.DoesNotContain("   at ", errors);
    }
}
