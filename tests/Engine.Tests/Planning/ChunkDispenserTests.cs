namespace Engine.Tests.Planning;

using Engine.Jobs;
using Engine.Planning;

public class ChunkDispenserTests
{
    private static List<ChunkSpan> Drain(ChunkDispenser dispenser, int node, int maxCount)
    {
        var spans = new List<ChunkSpan>();
        while (dispenser.TryTake(node, maxCount, out var span))
            spans.Add(span);
        return spans;
    }

    [Fact]
    public void Hands_out_every_chunk_once_in_spans_of_at_most_the_asked_length()
    {
        var dispenser = new ChunkDispenser([new NodePart(NodePart.AnyNode, 0, 103)]);
        var spans = Drain(dispenser, 0, 10);
        Assert.All(spans, s => Assert.InRange(s.Count, 1, 10));
        Assert.Equal(Enumerable.Range(0, 103).Select(i => (long)i), spans.SelectMany(s => Enumerable.Range((int)s.First, s.Count).Select(i => (long)i)));
        Assert.True(dispenser.IsDry);
    }

    [Fact]
    public void A_resumed_dispenser_hands_out_exactly_the_chunks_not_completed_before()
    {
        // Completed ranges inside a part, across the boundary of two parts, and at a part's end.
        var parts = new[] { new NodePart(0, 0, 50), new NodePart(1, 50, 100) };
        (long, long)[] completed = [(3, 10), (45, 60), (98, 100)];
        var dispenser = new ChunkDispenser(parts, completed);
        Assert.Equal(100 - 7 - 15 - 2, dispenser.Remaining);
        var handedOut = Drain(dispenser, 0, 8).Concat(Drain(dispenser, 1, 8))
            .SelectMany(s => Enumerable.Range((int)s.First, s.Count)).Select(i => (long)i).ToArray();
        var expected = Enumerable.Range(0, 100).Select(i => (long)i)
            .Where(i => !completed.Any(r => r.Item1 <= i && i < r.Item2));
        Assert.Equal(expected, handedOut.Order());
        Assert.Equal(handedOut.Length, handedOut.Distinct().Count());
        Assert.True(dispenser.IsDry);
        Assert.Equal(0, dispenser.Remaining);
    }

    [Fact]
    public void A_dispenser_resumed_with_every_chunk_completed_is_dry()
    {
        var dispenser = new ChunkDispenser([new NodePart(NodePart.AnyNode, 0, 10)], [(0, 4), (4, 10)]);
        Assert.True(dispenser.IsDry);
        Assert.False(dispenser.TryTake(0, 5, out _));
    }

    [Fact]
    public void A_helper_takes_its_own_nodes_part_first_then_the_part_with_most_left()
    {
        var plan = new ChunkPlan(0, 100, 1, 4);
        var parts = NodePartitioner.Partition(plan, Placement.Nodes(new NodeShare(0, 1), new NodeShare(1, 3)), 0);
        Assert.Equal([new NodePart(0, 0, 25), new NodePart(1, 25, 100)], parts);
        var dispenser = new ChunkDispenser(parts);
        Assert.True(dispenser.TryTake(1, 1, out var onOne));
        Assert.Equal(25, onOne.First);
        Assert.True(dispenser.TryTake(0, 1, out var onZero));
        Assert.Equal(0, onZero.First);
        Assert.True(dispenser.TryTake(7, 1, out var elsewhere));
        Assert.Equal(26, elsewhere.First);
        var rest = Drain(dispenser, 0, 100);
        Assert.Equal(1, rest[0].First);
        Assert.Equal(100 - 3, rest.Sum(s => s.Count));
        Assert.True(dispenser.IsDry);
    }

    [Fact]
    public void A_returned_span_is_handed_out_again_before_new_chunks_and_can_be_withdrawn()
    {
        var dispenser = new ChunkDispenser([new NodePart(NodePart.AnyNode, 0, 10)]);
        dispenser.TryTake(0, 3, out var lost);
        dispenser.Return(lost);
        Assert.True(dispenser.TryTake(0, 1, out var again));
        Assert.Equal(lost, again);
        dispenser.Return(again);
        Assert.True(dispenser.Withdraw(again));
        Assert.True(dispenser.TryTake(0, 1, out var next));
        Assert.Equal(3, next.First);
    }

    [Fact]
    public void Local_and_any_placements_are_one_part()
    {
        var plan = new ChunkPlan(0, 50, 5, 2);
        Assert.Equal([new NodePart(2, 0, 10)], NodePartitioner.Partition(plan, Placement.Local, 2));
        Assert.Equal([new NodePart(NodePart.AnyNode, 0, 10)], NodePartitioner.Partition(plan, Placement.AnyNode, 2));
    }
}
