namespace Host.Tests.Commands;

using Engine.Host;

/// <summary>Every number option refuses text, overflow and out-of-range values with one line naming it, exit code 2.</summary>
public class NumberOptionTests
{
    [Theory]
    [InlineData("--rounds: 'abc' is not a whole number", "run", "burn", "--rounds", "abc")]
    [InlineData("--rounds: must be at least 1, got 0", "run", "burn", "--rounds", "0")]
    [InlineData("--seed: 'x1' is not a whole number", "run", "hash", "--seed", "x1")]
    [InlineData("--port: 'abc' is not a whole number", "node", "--port", "abc")]
    [InlineData("--port: must be at most 65535, got 70000", "node", "--port", "70000")]
    [InlineData("--repeats: 'abc' is not a whole number", "bench", "--repeats", "abc")]
    [InlineData("--repeats: must be at most 1000, got 99999999999", "bench", "--repeats", "99999999999")]
    [InlineData("--seconds: 'abc' is not a number of seconds", "bench", "politeness", "--seconds", "abc")]
    [InlineData("--idle-seconds: at most 86400 seconds (a day), got 1e30", "bench", "--idle-seconds", "1e30")]
    [InlineData("--idle-seconds: 'NaN' is not a number of seconds", "bench", "--idle-seconds", "NaN")]
    [InlineData("--helpers: must be at most", "bench", "--helpers", "10000")]
    [InlineData("--threads: must be at most", "bench", "politeness", "--threads", "10000")]
    [InlineData("--dispatch-chunks: must be at least 1, got 0", "bench", "cluster", "--dispatch-chunks", "0")]
    [InlineData("--size: '9223372036854775808' is not a size", "run", "burn", "--size", "9223372036854775808")]
    [InlineData("--size: '1e19' is not a size", "run", "burn", "--size", "1e19")]
    public async Task A_bad_number_is_refused_naming_the_option(string expected, params string[] args)
    {
        var (code, errors) = await RunArgumentErrorTests.Invoke(args);

        Assert.Equal(2, code);
        Assert.StartsWith($"error: {expected}", errors);
        Assert.DoesNotContain("   at ", errors);
    }

    [Fact]
    public void Bench_accepts_rounds_for_its_default_kernel_burn()
    {
        Assert.Empty(Cli.Create().Parse(["bench", "--rounds", "5"]).Errors);
    }

    [Fact]
    public async Task Run_refuses_a_seed_for_burn_which_generates_no_data()
    {
        var (code, errors) = await RunArgumentErrorTests.Invoke("run", "burn", "--seed", "7");

        Assert.Equal(2, code);
        Assert.Contains("--seed: the burn kernel generates no data", errors);
    }
}
