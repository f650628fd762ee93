namespace Host.Tests.Commands;

using System.Net;
using System.Net.Sockets;
using Host.Tests.Support;

/// <summary>`node` names an address it cannot listen on, and stops fast and with 130 on SIGTERM.</summary>
public class NodeCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task A_hostname_that_does_not_resolve_is_named()
    {
        var (code, errors) = await RunArgumentErrorTests.Invoke("node", "--hostname", "999.1.1.1");

        Assert.Equal(2, code);
        Assert.StartsWith("error: --hostname: cannot resolve '999.1.1.1'", errors);
    }

    [Fact]
    public async Task A_port_in_use_is_named()
    {
        using var other = new TcpListener(IPAddress.Loopback, 0);
        other.Start();
        var port = ((IPEndPoint)other.LocalEndpoint).Port;

        var (code, errors) = await RunArgumentErrorTests.Invoke("node", "--port", port.ToString());

        Assert.Equal(2, code);
        Assert.StartsWith($"error: --port: {port} is in use on 127.0.0.1", errors);
    }

    [Fact]
    public async Task A_lone_member_stops_on_sigterm_with_exit_code_130()
    {
        using var node = HostProcess.Start("node", "--port", HostProcess.FreePort().ToString());
        await node.WaitFor("^member up: ", Timeout);

        node.Terminate();

        Assert.Equal(130, await node.Exit(Timeout));
        await node.WaitFor("stopped, the cluster's last member", Timeout);
    }
}
