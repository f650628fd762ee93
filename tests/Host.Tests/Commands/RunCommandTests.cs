namespace Host.Tests.Commands;

using System.Text.Json;
using Engine.Host;

/// <summary>`run` end to end in this process: each built-in job's result equals the same job computed single-threaded.</summary>
public class RunCommandTests
{
    [Theory]
    [InlineData("hash", "12MiB")]
    [InlineData("meminit", "8MiB")]
    [InlineData("burn", "200000")]
    public async Task Run_verify_finds_the_engine_result_equal_to_the_single_threaded_one(string kernel, string size)
    {
        var output = new StringWriter();

        var code = await Cli.RunAsync(["run", kernel, "--size", size, "--verify", "--json"], output, TextWriter.Null);

        Assert.Equal(0, code);
        var report = JsonDocument.Parse(output.ToString()).RootElement;
        Assert.True(report.GetProperty("verified").GetBoolean(), output.ToString());
        Assert.Equal(report.GetProperty("single_threaded").GetString(), report.GetProperty("result").GetString());
    }
}
