namespace Host.Tests.Commands;

using Host.Tests.Support;

/// <summary>A bad ENGINE_* value is refused before anything starts, by every command that reads the settings, naming the variable.</summary>
public class EngineSettingErrorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Theory]
    [InlineData("ENGINE_NICE", "40", "engine.nice: must be a whole number from -20 to 19, was '40'", "run", "burn", "--size", "10")]
    [InlineData("ENGINE_SPAN_TARGET", "banana", "engine.span-target: must be 0 (one chunk per hand-out) or a duration", "node", "--port", "0")]
    [InlineData("ENGINE_PROGRESS_INTERVAL", "0", "engine.progress-interval: must be a duration of more than 0", "status", "--cluster", "akka.tcp://engine@127.0.0.1:1")]
    [InlineData("ENGINE_PIN", "maybe", "engine.pin: must be on or off, was 'maybe'", "submit", "--cluster", "akka.tcp://engine@127.0.0.1:1", "burn")]
    [InlineData("ENGINE_NICE", "40", "engine.nice", "topology")]
    public async Task A_bad_setting_is_one_line_naming_the_variable_and_exit_code_2(string variable, string value, string expected,
        params string[] args)
    {
        using var host = HostProcess.Start(new Dictionary<string, string> { [variable] = value }, args);

        Assert.Equal(2, await host.Exit(Timeout));
        await host.WaitFor("^error: ", Timeout);
        Assert.Equal($"error: {variable}={value}: {expected}", host.Output.Trim()[..$"error: {variable}={value}: {expected}".Length]);
        Assert.Single(host.Output.Trim().Split(Environment.NewLine));
    }

    [Fact]
    public async Task An_unknown_engine_variable_is_refused_and_the_known_ones_listed()
    {
        using var host = HostProcess.Start(new Dictionary<string, string> { ["ENGINE_NICENESS"] = "19" }, "run", "burn", "--size", "10");

        Assert.Equal(2, await host.Exit(Timeout));
        await host.WaitFor("^error: environment variable ENGINE_NICENESS is not an engine setting \\(known: .*ENGINE_NICE,", Timeout);
    }
}
