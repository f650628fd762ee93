namespace Actors.Tests.Support;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

/// <summary>
/// A PostgreSQL server of the test's own, from Debian's package: a fresh cluster (initdb) in a temporary folder,
/// on a free loopback port, stopped and deleted on dispose (again: nothing). As root it runs as the package's postgres user,
/// since PostgreSQL refuses to run as root.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private const string User = "engine";
    private readonly string _folder;
    private readonly string _bin;

    private PostgresServer(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The Npgsql connection string of the server's <c>postgres</c> database.</summary>
    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username={User};Database=postgres;Pooling=true";

    public static PostgresServer Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
        if (bin is null)
            throw new InvalidOperationException("no PostgreSQL under /usr/lib/postgresql: ./test.sh installs Debian's postgresql package");
        var folder = Path.Combine(Path.GetTempPath(), $"engine-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        if (Environment.IsPrivilegedProcess)
            Run("chown", "postgres:postgres", folder);
        var server = new PostgresServer(bin, folder, FreePort());
        try
        {
            server.RunAsServerUser("initdb", "-D", server.Data, "-U", User, "-A", "trust", "-E", "UTF8", "--no-sync");
            server.RunAsServerUser("pg_ctl", "-D", server.Data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60",
                "-o", $"-p {server.Port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start");
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private string Data => Path.Combine(_folder, "data");

    public void Dispose()
    {
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
            RunAsServerUser("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        if (Directory.Exists(_folder))
            Directory.Delete(_folder, recursive: true);
    }

    private void RunAsServerUser(string program, params string[] arguments)
    {
        var path = Path.Combine(_bin, program);
        if (Environment.IsPrivilegedProcess)
            Run("runuser", ["-u", "postgres", "--", path, .. arguments]);
        else
            Run(path, arguments);
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(" ", arguments)} exited with {process.ExitCode}: {error}{output.Result}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
