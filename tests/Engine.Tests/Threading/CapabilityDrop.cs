namespace Engine.Tests.Threading;

using System.Runtime.InteropServices;

/// <summary>
/// Drops CAP_SYS_NICE from the calling thread (capabilities are per thread on Linux and inherited by threads
/// it creates), so a root test run can exercise the refusal (EACCES) an unprivileged process meets.
/// </summary>
internal static unsafe partial class CapabilityDrop
{
    private const uint LinuxCapabilityVersion3 = 0x20080522;
    private const int CapSysNice = 23;

    public static void SysNiceFromCurrentThread()
    {
        var header = new CapHeader { Version = LinuxCapabilityVersion3, Pid = 0 };
        var data = stackalloc CapData[2];
        if (CapGet(&header, data) != 0)
            throw new InvalidOperationException($"capget failed: errno {Marshal.GetLastPInvokeError()}");
        data[0].Effective &= ~(1u << CapSysNice);
        data[0].Permitted &= ~(1u << CapSysNice);
        if (CapSet(&header, data) != 0)
            throw new InvalidOperationException($"capset failed: errno {Marshal.GetLastPInvokeError()}");
    }

    [LibraryImport("libc", EntryPoint = "capget", SetLastError = true)]
    private static partial int CapGet(CapHeader* header, CapData* data);

    [LibraryImport("libc", EntryPoint = "capset", SetLastError = true)]
    private static partial int CapSet(CapHeader* header, CapData* data);

    [StructLayout(LayoutKind.Sequential)]
    private struct CapHeader
    {
        public uint Version;
        public int Pid;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct CapData
    {
        public uint Effective;
        public uint Permitted;
        public uint Inheritable;
    }
}
