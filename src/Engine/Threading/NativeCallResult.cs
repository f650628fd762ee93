namespace Engine.Threading;

using System.Runtime.InteropServices;

public enum NativeCallStatus
{
    Succeeded,
    Failed,
    /// <summary>Not Linux: nothing was done.</summary>
    Unsupported,
}

/// <summary>What one native thread-control call did, with errno and its text when it failed.</summary>
public sealed record NativeCallResult(string Operation, NativeCallStatus Status, int Errno, string Detail)
{
    public bool Succeeded => Status == NativeCallStatus.Succeeded;

    public static NativeCallResult Ok(string operation) => new(operation, NativeCallStatus.Succeeded, 0, "ok");

    public static NativeCallResult Failed(string operation, int errno) =>
        new(operation, NativeCallStatus.Failed, errno, $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");

    /// <summary>A failure that is not an errno, e.g. a file write refused.</summary>
    public static NativeCallResult Failed(string operation, string detail) => new(operation, NativeCallStatus.Failed, 0, detail);

    public static NativeCallResult Unsupported(string operation) =>
        new(operation, NativeCallStatus.Unsupported, 0, $"not done: per-thread control needs Linux, this is {RuntimeInformation.OSDescription}");

    public override string ToString() => $"{Operation}: {Detail}";
}
