namespace Engine.Host;

using System.Diagnostics;

/// <summary>This Host started again as a child process, optionally in a session of its own (util-linux <c>setsid</c>).</summary>
public sealed class HostChild : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<string> _firstLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    /// <summary>The child's last stderr lines are kept, to say why it ended without output.</summary>
    private const int LastErrors = 3;
    private readonly List<string> _errors = [];
    private readonly List<string> _lines = [];

    private HostChild(Process process) => _process = process;

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <param name="wrapper">A command that runs the Host (e.g. `ip netns exec NAME`), exec'ing it in place; empty: none.</param>
    public static HostChild Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, bool ownSession,
        IReadOnlyList<string>? wrapper = null)
    {
        var (host, hostArgs) = ThisHost();
        var programs = (wrapper ?? []).Concat(ownSession ? ["setsid", "--wait"] : []).Append(host).ToArray();
        var start = new ProcessStartInfo(programs[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var program in programs.Skip(1))
            start.ArgumentList.Add(program);
        foreach (var arg in hostArgs.Concat(args).Append(Cli.ExitWithParent.Name))
            start.ArgumentList.Add(arg);
        // No diagnostic IPC pipes and sockets in /tmp: nobody attaches a debugger to a measurement's child.
        start.Environment["DOTNET_EnableDiagnostics"] = "0";
        foreach (var (name, value) in environment)
            start.Environment[name] = value;
        var child = new HostChild(new Process { StartInfo = start });
        child._process.OutputDataReceived += (_, e) => child.Add(e.Data);
        child._process.ErrorDataReceived += (_, e) => child.AddError(e.Data);
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// How to start this Host again: its apphost when that is what runs (`dotnet run`, a published Host), else
    /// `dotnet Engine.Host.dll` (started by dotnet, or loaded by a test host).
    /// </summary>
    private static (string Program, IReadOnlyList<string> Args) ThisHost()
    {
        var hostAssembly = typeof(Cli).Assembly;
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == hostAssembly.GetName().Name)
            return (process, []);
        var dotnet = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? process
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return (dotnet, [hostAssembly.Location]);
    }

    /// <summary>The first line the child prints on stdout (a started engine's header, a spin's result).</summary>
    public async Task<string> FirstLineAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        var line = await _firstLine.Task.WaitAsync(timeout, cancellation);
        return line;
    }

    /// <summary>Every line the child printed on stdout so far.</summary>
    public IReadOnlyList<string> Lines
    {
        get
        {
            lock (_lines)
                return _lines.ToArray();
        }
    }

    /// <summary>The pid of the Host itself: under setsid without a fork it is the same process.</summary>
    public int HostPid()
    {
        var children = $"/proc/{Pid}/task/{Pid}/children";
        var child = File.Exists(children) ? File.ReadAllText(children).Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() : null;
        return child is not null && int.TryParse(child, out var pid) ? pid : Pid;
    }

    public async Task<int> ExitAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        await _process.WaitForExitAsync(cancellation).WaitAsync(timeout, cancellation);
        return _process.ExitCode;
    }

    /// <summary>Kills the child (SIGKILL, no goodbye) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            lock (_lines)
                _lines.Add(line);
            _firstLine.TrySetResult(line);
            return;
        }
        string said;
        lock (_errors)
            said = _errors.Count > 0 ? $": {string.Join(" / ", _errors)}" : "";
        _firstLine.TrySetException(new InvalidOperationException(
            $"the child `{string.Join(" ", _process.StartInfo.ArgumentList)}` ended without output{said}"));
    }

    private void AddError(string? line)
    {
        if (line is null)
            return;
        lock (_errors)
        {
            _errors.Add(line);
            if (_errors.Count > LastErrors)
                _errors.RemoveAt(0);
        }
    }
}
