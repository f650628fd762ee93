namespace Engine.Host;

using System.Runtime.InteropServices;

/// <summary>SIGSTOP and SIGCONT to a process: a member frozen as a stalled VM or a debugger freezes it, then continued.</summary>
public static partial class ProcessSignal
{
    private const int SigCont = 18;
    private const int SigStop = 19;

    public static void Stop(int pid) => Send(pid, SigStop, "SIGSTOP");

    public static void Continue(int pid) => Send(pid, SigCont, "SIGCONT");

    private static void Send(int pid, int signal, string name)
    {
        if (Kill(pid, signal) != 0)
            throw new InvalidOperationException($"{name} to process {pid} failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
