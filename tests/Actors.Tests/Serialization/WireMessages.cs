// Engine-like messages that the tests put on the allow-list one by one.
namespace Engine.Actors.Tests.Serialization.Wire;

using System.Collections.Immutable;
using Akka.Actor;

public sealed record ChunkRangeMessage(long Start, long End);

public sealed record ChunkOrder(
    string JobId,
    ChunkRangeMessage[] Ranges,
    Dictionary<string, long> Counters,
    ImmutableArray<int> Nodes,
    ChunkRangeMessage? Parent,
    TimeSpan Timeout,
    Guid Attempt,
    IActorRef ReplyTo);

public sealed record Carrier(object Payload);

public sealed record Ping(int Sequence);

/// <summary>Values in every place where Hyperion reads 4 bytes, as lengths and as values.</summary>
public sealed record Lengths(
    string Text,
    byte[] Bytes,
    ChunkRangeMessage[] Ranges,
    List<int> Counts,
    ImmutableArray<int> Nodes,
    int[] Primes,
    object Boxed);

/// <summary>4-byte values larger than the payload, each where a length could stand.</summary>
public sealed record LargeValues(
    byte A255,
    int B,
    uint C,
    float D,
    decimal E,
    string Four,
    int[] OneInt,
    float[] Floats,
    byte[] FourBytes,
    decimal[] Decimals,
    List<int> Ints,
    object Boxed,
    Dictionary<int, uint> Map);
