namespace Host.Tests.Http;

using System.Net;
using System.Text.Json;
using Engine.Host;
using Engine.Jobs;
using Host.Tests.Support;

public class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_parse_as_Prometheus_text_and_carry_the_jobs_chunks_items_and_outcome()
    {
        await using var engine = await InProcessEngine.StartAsync("metrics");
        using var http = new HttpClient { BaseAddress = engine.Server.Address };
        var result = await engine.Engine.RunAsync(Burn(200_000));
        var statistics = result.Statistics;

        var samples = PrometheusText.Parse(await http.GetStringAsync("/metrics"));
        var member = engine.Engine.Metrics.Member;
        double Sum(string name, params (string Key, string Value)[] labels) => samples
            .Where(s => s.Name == name && s.Labels.GetValueOrDefault("member") == member && labels.All(l => s.Labels.GetValueOrDefault(l.Key) == l.Value))
            .Sum(s => s.Value);

        Assert.Equal(statistics.Chunks, Sum("engine_chunks_completed_total", ("kernel", "burn")));
        Assert.Equal(statistics.Items, Sum("engine_items_completed_total", ("kernel", "burn")));
        Assert.Equal(statistics.LaneChunks, Sum("engine_chunks_completed_total", ("node", "lane")));
        Assert.Equal(1, Sum("engine_jobs_completed_total", ("outcome", "completed")));
        Assert.Equal(1, Sum("engine_job_duration_seconds_count", ("outcome", "completed")));
        // Every span handed out was timed, unless its lease was taken back or it was a copy another copy beat.
        var granted = Sum("engine_spans_granted_total");
        Assert.InRange(Sum("engine_span_duration_seconds_count"), granted - statistics.TakenBack - statistics.Copies, granted);
        Assert.Equal(0, Sum("engine_jobs_open"));
        Assert.Equal(engine.Engine.Caps.Global, Sum("engine_helpers_global_limit"));
        foreach (var (node, cap) in engine.Engine.Caps.PerNode)
            Assert.Equal(cap, Sum("engine_helpers_limit", ("node", $"{node}")));
    }

    [Fact]
    public async Task The_json_api_lists_this_member_with_its_nodes_and_the_finished_job()
    {
        await using var engine = await InProcessEngine.StartAsync("api");
        using var http = new HttpClient { BaseAddress = engine.Server.Address };
        var result = await engine.Engine.RunAsync(Burn(100_000));

        using var jobs = JsonDocument.Parse(await http.GetStringAsync("/api/jobs"));
        var job = Assert.Single(jobs.RootElement.GetProperty("jobs").EnumerateArray());
        Assert.Equal(result.JobId, job.GetProperty("job_id").GetString());
        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal(result.Statistics.Chunks, job.GetProperty("chunks_done").GetInt64());
        Assert.Equal(result.Statistics.Items, job.GetProperty("items_done").GetInt64());
        Assert.Equal(result.Statistics.PeakHelpers, job.GetProperty("peak_helpers").GetInt32());

        using var members = JsonDocument.Parse(await http.GetStringAsync("/api/members"));
        var member = Assert.Single(members.RootElement.GetProperty("members").EnumerateArray());
        Assert.Equal(engine.Engine.Metrics.Member, member.GetProperty("address").GetString());
        Assert.Equal(engine.Engine.Topology.Nodes.Select(n => n.Id),
            member.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetInt32()));
        Assert.Equal(engine.Engine.Caps.Global, member.GetProperty("global_cap").GetInt32());
        Assert.Contains(members.RootElement.GetProperty("decisions").EnumerateArray(), d => d.GetProperty("rule").GetString() == "helper-nice");
    }

    private static JobSpec Burn(long items) =>
        BuiltInJobs.Spec(new RunOptions("burn", items, null, items / 40, null, Placement.AnyNode, null, null, 1, false));

    [Fact]
    public async Task The_endpoint_is_read_only()
    {
        await using var engine = await InProcessEngine.StartAsync("readonly");
        using var http = new HttpClient { BaseAddress = engine.Server.Address };

        foreach (var path in new[] { "/api/jobs", "/api/members", "/metrics", "/" })
            Assert.Equal(HttpStatusCode.MethodNotAllowed, (await http.PostAsync(path, new StringContent(""))).StatusCode);
    }

    [Fact]
    public async Task The_dashboard_page_and_its_assets_come_from_the_host_itself()
    {
        await using var engine = await InProcessEngine.StartAsync("assets");
        using var http = new HttpClient { BaseAddress = engine.Server.Address };

        var page = await http.GetAsync("/");
        var html = await page.Content.ReadAsStringAsync();
        Assert.Equal("default-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.Contains("/api/events", await http.GetStringAsync("/dashboard.js"));
        Assert.Equal("text/css", (await http.GetAsync("/dashboard.css")).Content.Headers.ContentType?.MediaType);
    }
}
