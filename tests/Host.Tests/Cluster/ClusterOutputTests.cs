namespace Host.Tests.Cluster;

using System.Text.Json.Nodes;
using Engine.Host;
using Host.Tests.Support;

/// <summary>Cluster commands keep stdout for their result: Akka's log goes to stderr, so --json is always one JSON object.</summary>
public class ClusterOutputTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task Status_json_is_the_only_line_on_stdout()
    {
        var port = HostProcess.FreePort();
        using var node = HostProcess.Start("node", "--port", port.ToString());
        await node.WaitFor("^member up: ", Timeout);

        using var status = HostProcess.Start("status", "--cluster", $"akka.tcp://engine@127.0.0.1:{port}", "--json");

        Assert.Equal(0, await status.Exit(Timeout));
        var report = JsonNode.Parse(Assert.Single(status.StandardOutput))!.AsObject();
        Assert.Single(report["members"]!.AsArray());
    }

    [Fact]
    public async Task A_child_host_leaves_no_diagnostic_pipe_in_tmp()
    {
        using var child = HostChild.Start(["node", "--port", HostProcess.FreePort().ToString()], new Dictionary<string, string>(),
            ownSession: false);

        Assert.StartsWith("member ", await child.FirstLineAsync(Timeout, CancellationToken.None));
        // The runtime names its socket by pid and the process's start time: an older process with the same pid may
        // have left one of its own.
        Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"dotnet-diagnostic-{child.Pid}-{StartTime(child.Pid)}-*"));
    }

    /// <summary>Field 22 of <c>/proc/PID/stat</c>, counted after the command name (which may hold spaces).</summary>
    private static string StartTime(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19];
    }
}
