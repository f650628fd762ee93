namespace Engine.Actors.Workers;

using System.Text;
using Akka.Actor;
using Engine.Actors.Coordination;

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

    // A report on the wire less its result's own bytes and its job id: type and field names, the span, the numbers
    // (about 400 bytes with Hyperion's version tolerance; RemoteFrameBudgetTests holds the bound to that).
    internal const int ReportBytesBesidesResult = 1024;

    private readonly Akka.Serialization.Serialization _serialization;

    private RemoteFrameBudget(Akka.Serialization.Serialization serialization, long frameBytes) =>
        (_serialization, FrameBytes) = (serialization, frameBytes);

    public long FrameBytes { get; }

    /// <summary>The budget of a system with remoting, or null for one that sends nothing to another process.</summary>
    public static RemoteFrameBudget? For(ActorSystem system) =>
        system.Settings.Config.HasPath(FrameSizePath) && system.Settings.Config.GetByteSize(FrameSizePath) is { } frame
            ? new RemoteFrameBudget(system.Serialization, frame)
            : null;

    /// <summary>
    /// The report's size on the wire if it exceeds the frame, else null. A result whose size is known without
    /// serializing it (bytes, text, an array of numbers) and is well within the frame is not serialized twice.
    /// </summary>
    public long? Oversize(ChunksDone report, IActorRef recipient, IActorRef sender) =>
        UpperBound(report) is { } bound && bound + PathBytes(recipient, sender) <= FrameBytes
            ? null
            : Oversize(report, report.Result, recipient, sender);

    /// <summary>At least the report's serialized size, from its result's length; null for a result of any other type.</summary>
    internal static long? UpperBound(ChunksDone report)
    {
        long? result = report.Result switch
        {
            byte[] bytes => bytes.LongLength,
            string text => Encoding.UTF8.GetMaxByteCount(text.Length),
            Array { Rank: 1 } numbers when numbers.GetType().GetElementType()!.IsPrimitive => Buffer.ByteLength(numbers),
            _ => null,
        };
        return result + ReportBytesBesidesResult + Encoding.UTF8.GetMaxByteCount(report.JobId.Length);
    }

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
        var size = bytes + PathBytes(recipient, sender);
        return size > FrameBytes ? size : null;
    }

    private static long PathBytes(IActorRef recipient, IActorRef sender) =>
        EnvelopeBytes + Encoding.UTF8.GetByteCount(recipient.Path.ToString()) + Encoding.UTF8.GetByteCount(sender.Path.ToString());
}
