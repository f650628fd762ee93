namespace Engine.Host.Http;

using System.Net;
using System.Net.Sockets;

/// <summary>Where the HTTP endpoint listens: an IP address (or <c>localhost</c>) and a port, as <c>127.0.0.1:9400</c>.</summary>
public sealed record HttpEndpoint(IPAddress Address, int Port)
{
    public const string Example = "127.0.0.1:9400";

    /// <summary>Only a loopback address keeps the read-only endpoint on this machine; anything else is the user's choice.</summary>
    public bool IsLoopback => IPAddress.IsLoopback(Address);

    public static bool TryParse(string text, out HttpEndpoint? endpoint, out string error)
    {
        endpoint = null;
        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(text.AsSpan(colon + 1), out var port) || port is < 0 or > 65535)
        {
            error = $"'{text}' is not host:port with a port 0..65535 (example: {Example})";
            return false;
        }
        var host = text[..colon].Trim('[', ']');
        var address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed : null;
        if (address is null)
        {
            error = $"'{host}' is not an IP address or localhost (example: {Example})";
            return false;
        }
        endpoint = new HttpEndpoint(address, port);
        error = "";
        return true;
    }

    public override string ToString() =>
        Address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{Address}]:{Port}" : $"{Address}:{Port}";
}
