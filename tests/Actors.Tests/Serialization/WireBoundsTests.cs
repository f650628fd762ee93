namespace Engine.Actors.Tests.Serialization;

using Akka.Configuration;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using Engine.Actors.Coordination;
using Engine.Actors.Serialization;
using Engine.Jobs;

/// <summary>Crafted bytes under the engine's serializer id: refused before a sender's length can make us allocate.</summary>
public sealed class WireBoundsTests : TestKit
{
    private const int FrameBytes = 32_000;
    private static readonly long OneMiB = 1 << 20;

    public WireBoundsTests() : base(ConfigurationFactory
        .ParseString($"akka.remote.dot-netty.tcp.maximum-frame-size = {FrameBytes}b")
        .WithFallback(WireSerialization.Config))
    {
    }

    private SerializerWithStringManifest Serializer =>
        Assert.IsType<HyperionWireSerializer>(Sys.Serialization.FindSerializerForType(typeof(SubmitJob)));

    [Fact]
    public void A_payload_larger_than_the_transport_frame_is_refused_unread()
    {
        var bytes = Serializer.ToBinary(new SubmitJob(new JobSpec("hash", 0, 10), new string('x', FrameBytes)));

        var refused = Assert.Throws<WireTypeRefusedException>(() => Serializer.FromBinary(bytes, ""));

        Assert.Contains($"exceeds akka.remote.dot-netty.tcp.maximum-frame-size ({FrameBytes})", refused.Message);
    }

    [Theory]
    [InlineData(int.MaxValue - 15)]
    [InlineData(int.MinValue)]
    [InlineData(0)]
    public void A_type_name_length_beyond_the_payload_is_refused_without_allocating_it(int length)
    {
        var bytes = new byte[64];
        bytes[0] = 255;
        BitConverter.TryWriteBytes(bytes.AsSpan(1), length);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var refused = Assert.Throws<WireTypeRefusedException>(() => Serializer.FromBinary(bytes, ""));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < OneMiB);
        Assert.Contains($"claims {length} bytes", refused.Message);
    }

    [Fact]
    public void A_payload_that_does_not_start_with_a_message_type_is_refused()
    {
        var refused = Assert.Throws<WireTypeRefusedException>(() => Serializer.FromBinary([7, 3, (byte)'a', (byte)'b'], ""));

        Assert.Contains("does not start with an object's type name", refused.Message);
    }

    [Fact]
    public void A_nested_string_length_of_two_to_the_31_fails_the_message_without_allocating_it()
    {
        var bytes = Serializer.ToBinary(new SubmitJob(new JobSpec("hash", 0, 10), new string('A', 300)));
        var prefix = IndexOfLongStringPrefix(bytes, 300);
        BitConverter.TryWriteBytes(bytes.AsSpan(prefix + 1), 1u << 31);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Assert.ThrowsAny<System.Runtime.Serialization.SerializationException>(() => Serializer.FromBinary(bytes, ""));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < OneMiB);
        Assert.Equal("ok", Assert.IsType<SubmitJob>(Serializer.FromBinary(Serializer.ToBinary(new SubmitJob(new JobSpec("hash", 0, 10), "ok")), "")).JobId);
    }

    /// <summary>Hyperion writes a string of 254 bytes or more as 255 and a 32-bit length.</summary>
    private static int IndexOfLongStringPrefix(byte[] bytes, int length)
    {
        for (var i = 0; i + 5 < bytes.Length; i++)
            if (bytes[i] == 255 && BitConverter.ToInt32(bytes, i + 1) == length && bytes[i + 5] == (byte)'A')
                return i;
        throw new InvalidOperationException("no long string in the payload");
    }
}
