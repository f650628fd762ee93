namespace Engine.Host;

using System.Runtime.InteropServices;

/// <summary>
/// Ctrl-C and SIGTERM as a cancellation: the command stops cleanly (a job is cancelled, a member leaves its
/// cluster) and the Host exits 130. A command that does not stop within <see cref="Grace"/>, or a second
/// signal, ends the process at once, still with 130.
/// </summary>
public sealed class TerminationSignal : IDisposable
{
    /// <summary>The shell's convention for "ended by Ctrl-C": 128 + SIGINT.</summary>
    public const int ExitCode = 130;

    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;

    public TerminationSignal() => _registrations =
    [
        PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
        PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
    ];

    public CancellationToken Token => _stop.Token;

    /// <summary>
    /// Ends this Host when <paramref name="parent"/> reaches its end: the parent Host held the other end and is gone.
    /// At once, not cleanly: nobody reads this child's output any more, and its cluster (if any) was the parent's.
    /// </summary>
    public static void ExitWhenClosed(Stream parent) => new Thread(() =>
    {
        var buffer = new byte[64];
        while (parent.Read(buffer) > 0)
        {
        }
        Environment.Exit(ExitCode);
    })
    { IsBackground = true, Name = "host-parent-watch" }.Start();

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Stop();
    }

    private void Stop()
    {
        if (_stop.IsCancellationRequested)
            Environment.Exit(ExitCode);
        _stop.Cancel();
        _ = Task.Delay(Grace).ContinueWith(_ => Environment.Exit(ExitCode), TaskScheduler.Default);
    }
}
