namespace Host.Tests.Support;

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Engine.Host;

/// <summary>
/// `Engine.Host` started as a real process (the built dll under `dotnet`), its output lines collected as they
/// come so a test can wait for one. Disposing kills it if it still runs.
/// Every process gets a state folder of its own (ENGINE_STATE_DIR, removed on disposal) unless the test gives
/// one: a journalling `node` must never resume another test's jobs, nor leave its own to the user's folder.
/// </summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly List<string> _stdout = [];
    private readonly SemaphoreSlim _newLine = new(0);
    private readonly string? _ownStateDir;

    private HostProcess(Process process, string? ownStateDir) => (_process, _ownStateDir) = (process, ownStateDir);

    public static HostProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <param name="environment">Variables added to this process's environment, e.g. ENGINE_* settings.</param>
    public static HostProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Start(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [typeof(Cli).Assembly.Location, .. args], environment);

    /// <summary>The Host's own executable (its apphost), as `dotnet run` and a published Host start it.</summary>
    public static HostProcess StartAppHost(params string[] args) =>
        Start(Path.ChangeExtension(typeof(Cli).Assembly.Location, null), args, new Dictionary<string, string>());

    private static HostProcess Start(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        string? ownStateDir = null;
        if (!environment.ContainsKey(StateDirVariable))
            start.Environment[StateDirVariable] = ownStateDir = NewStateDir();
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        var process = new Process { StartInfo = start };
        var host = new HostProcess(process, ownStateDir);
        process.OutputDataReceived += (_, e) =>
        {
            host.Add(e.Data);
            if (e.Data is not null)
                lock (host._stdout)
                    host._stdout.Add(e.Data);
        };
        process.ErrorDataReceived += (_, e) => host.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return host;
    }

    /// <summary>The process's id while it runs (for signals), null once it has exited.</summary>
    public int? Pid => _process.HasExited ? null : _process.Id;

    public const string StateDirVariable = "ENGINE_STATE_DIR";

    /// <summary>A fresh folder name under the temporary directory, for a process's journal.</summary>
    public static string NewStateDir() => Path.Combine(Path.GetTempPath(), $"engine-state-{Guid.NewGuid():N}");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public string Output
    {
        get
        {
            lock (_lines)
                return string.Join(Environment.NewLine, _lines);
        }
    }

    /// <summary>What the process printed on stdout alone (its result), without stderr.</summary>
    public IReadOnlyList<string> StandardOutput
    {
        get
        {
            lock (_stdout)
                return [.. _stdout];
        }
    }

    /// <summary>The first output line matching <paramref name="pattern"/>, waiting for it.</summary>
    public async Task<Match> WaitFor(string pattern, TimeSpan timeout, Func<Match, bool>? accept = null)
    {
        var regex = new Regex(pattern);
        var deadline = DateTime.UtcNow + timeout;
        var seen = 0;
        while (true)
        {
            lock (_lines)
                for (; seen < _lines.Count; seen++)
                    if (regex.Match(_lines[seen]) is { Success: true } match && (accept?.Invoke(match) ?? true))
                        return match;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || (_process.HasExited && !await _newLine.WaitAsync(100)))
                throw new TimeoutException($"no line matching /{pattern}/ within {timeout}; output so far:{Environment.NewLine}{Output}");
            await _newLine.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
    }

    public async Task<int> Exit(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancel.Token);
        return _process.ExitCode;
    }

    /// <summary>SIGTERM, as a service manager or `kill` sends it.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
        kill.WaitForExit();
    }

    /// <summary>Closes the process's stdin, as the death of a parent holding its other end does.</summary>
    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>SIGKILL: no goodbye to the cluster, as when a host dies.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
        if (_ownStateDir is not null && Directory.Exists(_ownStateDir))
            Directory.Delete(_ownStateDir, recursive: true);
    }

    private void Add(string? line)
    {
        if (line is null)
            return;
        lock (_lines)
            _lines.Add(line);
        _newLine.Release();
    }
}
