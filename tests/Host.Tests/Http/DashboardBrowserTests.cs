namespace Host.Tests.Http;

using Engine.Jobs;
using Host.Tests.Support;
using PuppeteerSharp;

public class DashboardBrowserTests
{
    /// <summary>Bounds each wait for the page, so a broken page fails the test instead of hanging it.</summary>
    private static readonly WaitForFunctionOptions Patience = new() { Timeout = 120_000, PollingInterval = 100 };

    [ChromiumFact]
    public async Task The_dashboard_in_a_real_browser_lists_the_member_shows_a_jobs_progress_advance_and_sees_it_finish()
    {
        await using var engine = await InProcessEngine.StartAsync("dashboard");
        var steps = new StepKernel();
        engine.Engine.Register("steps", steps);
        await using var chromium = await HeadlessChromium.LaunchAsync();
        await using var page = await chromium.Browser.NewPageAsync();
        await page.GoToAsync(engine.Server.Address.ToString());

        var member = engine.Engine.Metrics.Member;
        await page.WaitForFunctionAsync(
            $"() => [...document.querySelectorAll('#members .member')].some(m => m.dataset.address === {Quoted(member)})", Patience);
        await page.WaitForFunctionAsync("() => document.querySelector('#connection').dataset.state === 'live'", Patience);
        var nodes = await page.EvaluateExpressionAsync<int>("document.querySelectorAll('#members .member .node').length");
        Assert.Equal(engine.Engine.Topology.Nodes.Count, nodes);

        // 40 items with chunks of 5 (at least 5 items each): 8 chunks, each of which waits for a permit.
        var job = engine.Engine.RunAsync(new JobSpec("steps", 0, 40, minChunk: 5, maxHelpers: 2));
        await page.WaitForFunctionAsync(JobShows("running", 0), Patience);
        steps.Allow(3);
        await page.WaitForFunctionAsync(JobShows("running", 3), Patience);
        Assert.Equal("37.5", await JobAttribute(page, "percent"));
        steps.Allow(3);
        await page.WaitForFunctionAsync(JobShows("running", 6), Patience);
        Assert.Equal("75.0", await JobAttribute(page, "percent"));
        steps.Allow(2);
        var result = await job;
        await page.WaitForFunctionAsync(JobShows("completed", 8), Patience);

        Assert.Equal(8, result.Statistics.Chunks);
        Assert.Equal("100.0", await JobAttribute(page, "percent"));
        Assert.Equal(result.JobId, await JobAttribute(page, "jobId"));
    }

    private static string JobShows(string state, int chunksDone) =>
        $"() => {{ const job = document.querySelector('#jobs .job[data-kernel=\"steps\"]'); "
        + $"return job !== null && job.dataset.state === '{state}' && job.dataset.chunksDone === '{chunksDone}'; }}";

    private static Task<string> JobAttribute(IPage page, string name) =>
        page.EvaluateExpressionAsync<string>($"document.querySelector('#jobs .job[data-kernel=\"steps\"]').dataset.{name}");

    private static string Quoted(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
