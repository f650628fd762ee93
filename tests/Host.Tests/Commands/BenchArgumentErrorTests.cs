namespace Host.Tests.Commands;

/// <summary>`bench` refuses bad options before measuring anything: exit code 2 and a line naming the option.</summary>
public class BenchArgumentErrorTests
{
    [Theory]
    [InlineData("--helpers: must be at least 1, got 0", "bench", "--helpers", "0")]
    [InlineData("--repeats: must be at least 1, got 0", "bench", "--repeats", "0")]
    [InlineData("--plot: 'speedup.gif' must end in .png or .svg", "bench", "--plot", "speedup.gif")]
    [InlineData("--plot: the directory '/nonexistent/plots' does not exist", "bench", "--plot", "/nonexistent/plots/s.png")]
    [InlineData("--rounds: only the burn kernel has rounds", "bench", "hash", "--rounds", "3")]
    [InlineData("--idle-seconds: must be more than 0 seconds", "bench", "--idle-seconds", "0")]
    [InlineData("--politeness-seconds: must be 0 (skip) or more seconds, got -1", "bench", "--politeness-seconds", "-1")]
    [InlineData("--seconds: must be more than 0 seconds, got 0", "bench", "politeness", "--seconds", "0")]
    [InlineData("--threads: must be at least 1, got 0", "bench", "politeness", "--threads", "0")]
    [InlineData("--repeats: must be at least 1, got 0", "bench", "cluster", "--repeats", "0")]
    public async Task Bench_names_the_bad_option(string expected, params string[] args)
    {
        var (code, errors) = await RunArgumentErrorTests.Invoke(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, errors);
    }

    [Fact]
    public async Task Bench_refuses_an_unknown_kernel()
    {
        var (code, errors) = await RunArgumentErrorTests.Invoke("bench", "sleep");

        Assert.Equal(2, code);
        Assert.Contains("sleep", errors);
    }
}
