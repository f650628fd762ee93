namespace Host.Tests.Commands;

using Engine.Host;

/// <summary>Bad command lines are refused before any work starts: exit code 2 and one line naming the option.</summary>
public class RunArgumentErrorTests
{
    [Theory]
    [InlineData("--size", "12 parsecs", "--size: '12 parsecs' is not a size")]
    [InlineData("--min-chunk", "-4", "--min-chunk")]
    [InlineData("--placement", "nodes=", "--placement")]
    [InlineData("--helpers", "many", "--helpers")]
    [InlineData("--helpers", "0", "--helpers: '0' is neither 'auto' nor a count of at least 1")]
    public async Task Run_names_the_bad_option(string option, string value, string expected)
    {
        var (code, errors) = await Invoke("run", "burn", option, value);

        Assert.Equal(2, code);
        Assert.Contains(expected, errors);
        Assert.StartsWith("error: ", errors);
    }

    [Fact]
    public async Task Run_refuses_an_unknown_kernel_and_lists_the_built_in_ones()
    {
        var (code, errors) = await Invoke("run", "nosuch");

        Assert.Equal(2, code);
        Assert.Contains("nosuch", errors);
        Assert.Contains("burn", errors);
    }

    [Fact]
    public async Task Run_refuses_a_file_for_a_kernel_that_reads_none()
    {
        var (code, errors) = await Invoke("run", "burn", "--file", "/etc/hostname");

        Assert.Equal(2, code);
        Assert.Contains("--file: only the hash kernel reads a file", errors);
    }

    [Fact]
    public async Task Run_names_a_missing_file_before_starting_the_engine()
    {
        var (code, errors) = await Invoke("run", "hash", "--file", "/nonexistent/engine-host-test");

        Assert.Equal(2, code);
        Assert.Contains("arguments.path", errors);
    }

    [Fact]
    public async Task An_unknown_command_is_refused()
    {
        var (code, errors) = await Invoke("frobnicate");

        Assert.Equal(2, code);
        Assert.Contains("frobnicate", errors);
    }

    internal static async Task<(int Code, string Errors)> Invoke(params string[] args)
    {
        var errors = new StringWriter();
        var code = await Cli.RunAsync(args, TextWriter.Null, errors);
        return (code, errors.ToString());
    }
}
