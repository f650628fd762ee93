namespace Host.Tests.Bench;

using System.Text.Json;
using Engine.Host;

/// <summary>
/// `bench politeness --json` with real child processes: every loss is reported, and what it states about the
/// engine's threads is what /proc showed (helpers niced and in SCHED_IDLE by default, at nice 0 when asked).
/// </summary>
public class BenchPolitenessTests
{
    [Fact]
    public async Task Politeness_reports_each_loss_and_the_helper_policy_it_observed()
    {
        var output = new StringWriter();

        var code = await Cli.RunAsync(["bench", "politeness", "--seconds", "0.5", "--json"], output, TextWriter.Null);

        Assert.Equal(0, code);
        var report = JsonDocument.Parse(output.ToString()).RootElement;
        foreach (var name in new[] { "same_session_loss_pct", "other_session_loss_pct", "nice0_loss_pct", "daemon_session_loss_pct" })
            Assert.True(double.IsFinite(report.GetProperty(name).GetDouble()), name);
        var observed = report.GetProperty("engine_policies").EnumerateArray()
            .ToDictionary(p => p.GetProperty("rule").GetString()!, p => p.GetProperty("why").GetString()!);
        Assert.StartsWith("helpers nice 19 SCHED_IDLE", observed["same_session"]);
        Assert.StartsWith("helpers nice 0 SCHED_OTHER", observed["nice0"]);
        Assert.Contains("autogroup", observed["daemon_session"]);
    }
}
