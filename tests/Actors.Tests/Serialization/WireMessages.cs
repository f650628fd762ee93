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
