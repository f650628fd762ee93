namespace Engine.Actors.Workers;

using System.Text;
using Akka.Actor;

/// <summary>
/// Whether a message fits the frame Akka.Remote sends to another process. Akka.Remote drops a larger message with
/// only a log line: a worker's report would leave its span in flight until a lease hands it out again, to fail
/// again; a job's answer would leave its submitter waiting for ever. So both are measured first, and a message
/// that does not fit fails its job instead, saying why.
/// </summary>
internal sealed class RemoteFrameBudget
{
    public const string FrameSizePath = "akka.remote.dot-netty.tcp.maximum-frame-size";

    // Akka.Remote's envelope around the payload besides the two paths: serializer id, manifest, sequence numbers, acks.
    private const int EnvelopeBytes = 256;

    private readonly Akka.Serialization.Serialization _serialization;

    private RemoteFrameBudget(Akka.Serialization.Serialization serialization, long frameBytes) =>
        (_serialization, FrameBytes) = (serialization, frameBytes);

    public long FrameBytes { get; }

    /// <summary>The budget of a system with remoting, or null for one that sends nothing to another process.</summary>
    public static RemoteFrameBudget? For(ActorSystem system) =>
        system.Settings.Config.HasPath(FrameSizePath) && system.Settings.Config.GetByteSize(FrameSizePath) is { } frame
            ? new RemoteFrameBudget(system.Serialization, frame)
            : null;

    /// <summary>The message's size on the wire if it exceeds the frame, else null.</summary>
    /// <param name="payload">What the message carries of the kernel's (a result): a primitive one cannot outgrow a frame.</param>
    public long? Oversize(object message, object? payload, IActorRef recipient, IActorRef sender) =>
        Measure(message, payload) is { } bytes ? Oversize(bytes, recipient, sender) : null;

    /// <summary>The message's serialized size, or null where it cannot outgrow a frame and is not serialized to find out.</summary>
    public long? Measure(object message, object? payload) =>
        payload is null || payload.GetType().IsPrimitive ? null : _serialization.FindSerializerFor(message).ToBinary(message).LongLength;

    /// <summary>The size on the wire of a message of <paramref name="bytes"/> if it exceeds the frame, else null.</summary>
    public long? Oversize(long bytes, IActorRef recipient, IActorRef sender)
    {
        var size = bytes + EnvelopeBytes + Encoding.UTF8.GetByteCount(recipient.Path.ToString()) +
                   Encoding.UTF8.GetByteCount(sender.Path.ToString());
        return size > FrameBytes ? size : null;
    }
}
