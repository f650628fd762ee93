namespace Host.Tests;

using System.Text.Json.Nodes;
using Host.Tests.Support;

/// <summary>However the Host is started, the children it starts (the politeness bench's) are this same Host.</summary>
public class HostChildTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Bench_politeness_started_as_the_apphost_runs_its_children_and_prints_one_json_object()
    {
        using var host = HostProcess.StartAppHost("bench", "politeness", "--seconds", "0.2", "--threads", "1", "--json");

        Assert.Equal(0, await host.Exit(Timeout));
        var report = JsonNode.Parse(Assert.Single(host.StandardOutput))!.AsObject();
        // Each figure needs a child Host: the foreground (`spin`) and the engine in its own session.
        Assert.True(report["alone_rounds_per_s"]!.GetValue<double>() > 0);
        Assert.NotNull(report["other_session_loss_pct"]);
    }
}
