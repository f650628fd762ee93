namespace Host.Tests.Http;

using System.Net;
using Engine.Host;
using Engine.Host.Http;

public class HttpEndpointTests
{
    [Theory]
    [InlineData("127.0.0.1:9400", "127.0.0.1", 9400)]
    [InlineData("localhost:80", "127.0.0.1", 80)]
    [InlineData("[::1]:9400", "::1", 9400)]
    [InlineData("0.0.0.0:0", "0.0.0.0", 0)]
    public void An_endpoint_is_an_address_and_a_port(string text, string address, int port)
    {
        Assert.True(HttpEndpoint.TryParse(text, out var endpoint, out _));
        Assert.Equal(new HttpEndpoint(IPAddress.Parse(address), port), endpoint);
    }

    [Theory]
    [InlineData("9400")]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.0.1:65536")]
    [InlineData("example.com:80")]
    [InlineData(":9400")]
    public void Anything_else_is_refused_with_an_example(string text)
    {
        Assert.False(HttpEndpoint.TryParse(text, out _, out var error));
        Assert.Contains(HttpEndpoint.Example, error);
    }

    [Fact]
    public async Task A_bad_http_option_names_the_option_and_exits_with_2()
    {
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await Cli.RunAsync(["run", "burn", "--http", "nowhere"], output, errors);

        Assert.Equal(2, code);
        Assert.StartsWith("error: --http: 'nowhere' is not host:port", errors.ToString());
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_naming_the_address_and_exit_code_2()
    {
        using var taken = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (output, errors) = (new StringWriter(), new StringWriter());
        var code = await Cli.RunAsync(["run", "burn", "--size", "1000", "--http", $"127.0.0.1:{port}"], output, errors);

        Assert.Equal(2, code);
        var line = Assert.Single(errors.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: --http: cannot listen on 127.0.0.1:{port}", line);
    }
}
