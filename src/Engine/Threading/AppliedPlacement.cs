namespace Engine.Threading;

/// <summary>What applying a <see cref="ThreadPlacement"/> to one thread left undone (empty when all took).</summary>
/// <param name="ThreadId">Kernel thread id, or -1 where there is none to read (not Linux).</param>
public sealed record AppliedPlacement(int ThreadId, string ThreadName, IReadOnlyList<NativeCallResult> Failures)
{
    public bool Complete => Failures.Count == 0;

    public override string ToString() => Complete
        ? $"{ThreadName} (tid {ThreadId}): placed"
        : $"{ThreadName} (tid {ThreadId}): {string.Join("; ", Failures)}";
}
