namespace Engine.Actors.Workers;

using System.Text;
using Akka.Actor;
using Engine.Actors.Coordination;

/// <summary>
/// Whether a report fits the frame Akka.Remote sends to another member. Akka.Remote drops a larger message with
/// only a log line, which would leave its span in flight until a lease hands it out again, to fail again; so
/// a worker of a remote coordinator measures its report first and fails the job instead, saying why.
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

    /// <summary>The report's size on the wire if it exceeds the frame, else null.</summary>
    public long? Oversize(ChunksDone report, IActorRef recipient, IActorRef sender)
    {
        // A result of a primitive type cannot outgrow a frame: no need to serialize twice.
        if (report.Result is null || report.Result.GetType().IsPrimitive)
            return null;
        var payload = _serialization.FindSerializerFor(report).ToBinary(report).LongLength;
        var size = payload + EnvelopeBytes + Encoding.UTF8.GetByteCount(recipient.Path.ToString()) +
                   Encoding.UTF8.GetByteCount(sender.Path.ToString());
        return size > FrameBytes ? size : null;
    }
}
