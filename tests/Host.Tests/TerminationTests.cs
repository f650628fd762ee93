namespace Host.Tests;

using Host.Tests.Support;

/// <summary>Ctrl-C and SIGTERM end a command cleanly with exit code 130; a child Host ends with its parent.</summary>
public class TerminationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Sigterm_cancels_a_running_job_and_exits_130()
    {
        using var run = HostProcess.Start("run", "burn", "--size", "1e13");
        await run.WaitFor("^burn: ", Timeout);

        run.Terminate();

        Assert.Equal(130, await run.Exit(Timeout));
        await run.WaitFor("job failed \\(Cancelled\\)", Timeout);
        Assert.DoesNotContain("   at ", run.Output);
    }

    [Fact]
    public async Task A_child_host_exits_when_its_parent_end_of_stdin_closes()
    {
        using var child = HostProcess.Start("node", "--port", HostProcess.FreePort().ToString(), "--exit-with-parent");
        await child.WaitFor("^member up: ", Timeout);

        child.CloseInput();

        Assert.Equal(130, await child.Exit(Timeout));
    }
}
