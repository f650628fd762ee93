namespace Host.Tests.Http;

using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Engine.Host;
using Engine.Jobs;
using Host.Tests.Commands;
using Host.Tests.Support;

/// <summary>`status --http`: a member's members and jobs read from its JSON API, as text and JSON; bad addresses named.</summary>
public class StatusOverHttpTests
{
    [Fact]
    public async Task Status_over_http_lists_the_member_its_nodes_and_the_finished_job_as_json()
    {
        await using var engine = await InProcessEngine.StartAsync("status-json");
        var result = await engine.Engine.RunAsync(new JobSpec("burn", 0, 100_000, arguments: new Engine.Kernels.BuiltIn.Burn.BurnArgs(Rounds: 1)));
        var output = new StringWriter();

        var code = await Cli.RunAsync(["status", "--http", engine.Server.Address.ToString(), "--json"], output, TextWriter.Null);

        Assert.Equal(0, code);
        var report = JsonDocument.Parse(output.ToString()).RootElement;
        var member = Assert.Single(report.GetProperty("members").GetProperty("members").EnumerateArray());
        Assert.Equal(engine.Engine.Metrics.Member, member.GetProperty("address").GetString());
        Assert.Equal(engine.Engine.Topology.Nodes.Select(n => n.Id),
            member.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("id").GetInt32()));
        var job = Assert.Single(report.GetProperty("jobs").GetProperty("jobs").EnumerateArray());
        Assert.Equal(result.JobId, job.GetProperty("job_id").GetString());
        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal(result.Statistics.Chunks, job.GetProperty("chunks_done").GetInt64());
    }

    [Fact]
    public async Task Status_over_http_as_text_names_the_member_and_the_job_with_its_progress()
    {
        await using var engine = await InProcessEngine.StartAsync("status-text");
        var result = await engine.Engine.RunAsync(new JobSpec("burn", 0, 100_000, arguments: new Engine.Kernels.BuiltIn.Burn.BurnArgs(Rounds: 1)));
        var output = new StringWriter();

        var code = await Cli.RunAsync(["status", "--http", engine.Server.Address.Authority], output, TextWriter.Null);

        Assert.Equal(0, code);
        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("1 member(s), as seen by", lines[0]);
        Assert.Contains(lines, l => l.StartsWith($"{engine.Engine.Metrics.Member} local: nodes ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{result.JobId} burn completed: {result.Statistics.Chunks:N0}/{result.Statistics.Chunks:N0} chunks (100.0%)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--http: 'nonsense' is not host:port", "status", "--http", "nonsense")]
    [InlineData("--http: 'https://127.0.0.1:9400' is not host:port", "status", "--http", "https://127.0.0.1:9400")]
    [InlineData("--cluster or --http: give one of them", "status")]
    [InlineData("--cluster or --http: give one of them", "status", "--http", "127.0.0.1:9400", "--cluster", "akka.tcp://engine@127.0.0.1:4053")]
    [InlineData("--insecure: not used with --http", "status", "--http", "127.0.0.1:9400", "--insecure")]
    public async Task Status_names_a_bad_http_address_or_option(string expected, params string[] args)
    {
        var (code, errors) = await RunArgumentErrorTests.Invoke(args);

        Assert.Equal(2, code);
        Assert.Contains(expected, errors);
    }

    [Fact]
    public async Task Status_over_http_says_when_nothing_answers_there()
    {
        var errors = new StringWriter();

        var code = await Cli.RunAsync(["status", "--http", $"127.0.0.1:{ClosedPort()}"], TextWriter.Null, errors);

        Assert.Equal(3, code);
        Assert.Contains("did not answer as an engine's --http endpoint", errors.ToString());
    }

    /// <summary>A loopback port nothing listens on: bound, read, released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
