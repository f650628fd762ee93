namespace Engine.Actors.Coordination;

using Akka.Actor;
using Engine.Actors.Workers;
using Engine.Jobs;

/// <summary>
/// A job's answer on its way to recipients in other processes (its submitter, a `wait`): Akka.Remote drops a
/// message over its frame with only a log line, and the recipient would wait for ever. The answer is measured
/// once, and only when a recipient is remote; one that does not fit is told why instead.
/// </summary>
internal sealed class RemoteAnswer(ActorSystem system, object answer, string kernel, IActorRef sender)
{
    /// <summary>How much of a failure's own reason is kept when the whole failure does not fit.</summary>
    private const int ReasonKept = 1000;

    private (RemoteFrameBudget? Frame, long? Bytes)? _measured;

    public object Answer => answer;

    /// <summary>Why the answer cannot reach <paramref name="recipient"/>, or null if it can (a local one always can).</summary>
    public string? Unreachable(IActorRef recipient)
    {
        if (recipient.IsNobody() || recipient.Path.Address.HasLocalScope)
            return null;
        var (frame, bytes) = _measured ??= Measure();
        return frame is not null && bytes is { } measured && frame.Oversize(measured, recipient, sender) is { } size
            ? $"the answer of kernel '{kernel}' is {size:N0} bytes on the wire, over {RemoteFrameBudget.FrameSizePath} " +
              $"({frame.FrameBytes:N0} bytes): it cannot reach {recipient.Path.Address}"
            : null;
    }

    /// <summary>What <paramref name="recipient"/> is told: the answer, or a failure saying why it cannot have it.</summary>
    public object For(IActorRef recipient) => Unreachable(recipient) is not { } reason
        ? answer
        : answer switch
        {
            JobFailed failed => failed with
            {
                Reason = $"{(failed.Reason.Length > ReasonKept ? failed.Reason[..ReasonKept] + "..." : failed.Reason)} ({reason})",
            },
            JobCompleted completed => new JobFailed(completed.JobId, JobFailureKind.ChunkFailed, null, reason, null, completed.Statistics),
            _ => answer,
        };

    private (RemoteFrameBudget?, long?) Measure()
    {
        var frame = RemoteFrameBudget.For(system);
        var payload = answer switch
        {
            JobCompleted completed => completed.Result,
            JobFailed failed => failed.Reason,
            _ => answer,
        };
        return (frame, frame?.Measure(answer, payload));
    }
}
