namespace Engine.Threading;

using System.Runtime.InteropServices;

/// <summary>A native thread query failed; carries errno and its text.</summary>
public sealed class NativeThreadException(string operation, int errno)
    : Exception($"{operation} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})")
{
    public string Operation { get; } = operation;

    public int Errno { get; } = errno;
}
