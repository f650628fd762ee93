namespace Engine.Host.Cluster;

using System.Net;
using System.Net.Sockets;

/// <summary>
/// Checks that a member can listen where it is told to, before Akka.Remote tries: its failure is a screen of
/// log lines, this is one line naming the option.
/// </summary>
public static class ListenAddress
{
    /// <summary>What stops listening on <paramref name="hostname"/>:<paramref name="port"/>, or null when nothing does.</summary>
    public static string? Problem(string hostname, int port)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(hostname, out var literal) ? [literal] : Dns.GetHostAddresses(hostname);
        }
        catch (SocketException e)
        {
            return $"--hostname: cannot resolve '{hostname}': {e.Message}";
        }
        if (addresses.Length == 0)
            return $"--hostname: '{hostname}' has no address";
        using var listener = new TcpListener(addresses[0], port);
        try
        {
            listener.Start();
            return null;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return $"--port: {port} is in use on {addresses[0]} (another member, or another program, listens there)";
        }
        catch (SocketException e)
        {
            return $"--hostname: cannot listen on {addresses[0]}:{port} ({hostname}): {e.Message}";
        }
        finally
        {
            listener.Stop();
        }
    }
}
