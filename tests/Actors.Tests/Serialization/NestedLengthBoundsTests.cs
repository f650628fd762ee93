namespace Engine.Actors.Tests.Serialization;

using System.Collections.Immutable;
using System.Text;
using Akka.Serialization;
using Akka.TestKit.Xunit2;
using Engine.Actors.Serialization;
using Engine.Actors.Tests.Serialization.Wire;

/// <summary>
/// Length prefixes inside a payload (strings, byte arrays, arrays, collections, type and field names) forged to
/// 2^31 and just under it: refused before Hyperion allocates from them; 4-byte values of the same size pass.
/// </summary>
public sealed class NestedLengthBoundsTests : TestKit
{
    private const long OneMiB = 1 << 20;

    public NestedLengthBoundsTests() : base(WireSerialization.Config)
    {
        WireTypes.For(Sys).AllowMessages([typeof(Lengths), typeof(LargeValues)]);
        WireTypes.For(Sys).Allow(typeof(ChunkRangeMessage));
    }

    private SerializerWithStringManifest Serializer =>
        Assert.IsType<HyperionWireSerializer>(Sys.Serialization.FindSerializerForType(typeof(Lengths)));

    private static Lengths Sample() => new(
        new string('A', 301),
        Enumerable.Repeat((byte)0xAB, 302).ToArray(),
        Enumerable.Range(0, 303).Select(i => new ChunkRangeMessage(i, i + 1)).ToArray(),
        Enumerable.Repeat(5, 304).ToList(),
        Enumerable.Repeat(6, 306).ToImmutableArray(),
        Enumerable.Repeat(7, 305).ToArray(),
        new ChunkRangeMessage(1, 2));

    public static TheoryData<string, int> Prefixes()
    {
        var data = new TheoryData<string, int>();
        foreach (var place in new[] { "string", "byte array", "record array", "list", "immutable array", "int array", "type name", "field name" })
        {
            data.Add(place, int.MaxValue - 64);
            data.Add(place, int.MinValue);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Prefixes))]
    public void A_forged_nested_length_prefix_is_refused_before_anything_is_allocated_from_it(string place, int length)
    {
        var bytes = Serializer.ToBinary(Sample());
        BitConverter.TryWriteBytes(bytes.AsSpan(PrefixOf(bytes, place)), length);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var refused = Assert.Throws<WireTypeRefusedException>(() => Serializer.FromBinary(bytes, ""));

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < OneMiB, $"allocated {GC.GetAllocatedBytesForCurrentThread() - before} bytes");
        Assert.Contains($"claims {length} bytes", refused.Message);
        Assert.Equal(Sample().Text, Assert.IsType<Lengths>(Serializer.FromBinary(Serializer.ToBinary(Sample()), "")).Text);
    }

    [Fact]
    public void Every_length_of_an_honest_payload_passes_the_bounds()
    {
        var sample = Sample();

        var back = Assert.IsType<Lengths>(Serializer.FromBinary(Serializer.ToBinary(sample), ""));

        Assert.Equal(sample.Text, back.Text);
        Assert.Equal(sample.Bytes, back.Bytes);
        Assert.Equal(sample.Ranges, back.Ranges);
        Assert.Equal(sample.Counts, back.Counts);
        Assert.Equal(sample.Nodes.ToArray(), back.Nodes.ToArray());
        Assert.Equal(sample.Primes, back.Primes);
        Assert.Equal(sample.Boxed, back.Boxed);
    }

    [Fact]
    public void Four_byte_values_larger_than_the_payload_are_not_taken_for_lengths()
    {
        var values = new LargeValues(255, int.MaxValue, uint.MaxValue - 1, 1e30f, 79_228_162_514_264.337593543950335m, "zzzz",
            [int.MaxValue], [3e38f, 2e38f], [0x7f, 0x7f, 0x7f, 0x7f], [-1.5m, 123_456_789.25m], [int.MaxValue, 2_000_000_000],
            2_100_000_000, new Dictionary<int, uint> { [2_000_000_001] = 4_000_000_000 });

        var back = Assert.IsType<LargeValues>(Serializer.FromBinary(Serializer.ToBinary(values), ""));

        Assert.Equal((values.A255, values.B, values.C, values.D, values.E, values.Four, values.Boxed),
            (back.A255, back.B, back.C, back.D, back.E, back.Four, back.Boxed));
        Assert.Equal(values.OneInt, back.OneInt);
        Assert.Equal(values.Floats, back.Floats);
        Assert.Equal(values.FourBytes, back.FourBytes);
        Assert.Equal(values.Decimals, back.Decimals);
        Assert.Equal(values.Ints, back.Ints);
        Assert.Equal(values.Map, back.Map);
    }

    /// <summary>Where the sample's length prefix for <paramref name="place"/> is (each count is distinct, followed by its first element).</summary>
    private static int PrefixOf(byte[] bytes, string place) => place switch
    {
        "string" => First(bytes, [.. BitConverter.GetBytes(301), (byte)'A']),
        "byte array" => First(bytes, [.. BitConverter.GetBytes(302), 0xAB]),
        "record array" => First(bytes, BitConverter.GetBytes(303)),
        "list" => First(bytes, [.. BitConverter.GetBytes(304), 8, .. BitConverter.GetBytes(5)]),
        "int array" => First(bytes, [.. BitConverter.GetBytes(305), .. BitConverter.GetBytes(7)]),
        "immutable array" => First(bytes, [.. BitConverter.GetBytes(306), 8, .. BitConverter.GetBytes(6)]),
        "type name" => First(bytes, Encoding.UTF8.GetBytes(typeof(ChunkRangeMessage).FullName + ",")) - sizeof(int),
        "field name" => First(bytes, Encoding.UTF8.GetBytes("<Start>k__BackingField")) - sizeof(int),
        _ => throw new ArgumentOutOfRangeException(nameof(place)),
    };

    private static int First(byte[] bytes, byte[] pattern)
    {
        var at = bytes.AsSpan().IndexOf(pattern);
        Assert.True(at >= 0, "pattern not in the payload");
        return at;
    }
}
