namespace Engine.Tests.Planning;

using Engine.Planning;

public class OrderedFoldTests
{
    private static object? Concat(object? left, object? right) => (string)left! + (string)right!;

    [Fact]
    public void Results_arriving_in_any_order_are_folded_in_chunk_order()
    {
        var random = new Random(7);
        for (var round = 0; round < 200; round++)
        {
            var count = random.Next(1, 60);
            var cuts = Enumerable.Range(1, count - 1).Where(_ => random.Next(3) == 0).Prepend(0).Append(count).ToArray();
            var spans = cuts.Zip(cuts.Skip(1), (a, b) => (First: a, Count: b - a)).OrderBy(_ => random.Next()).ToArray();
            var fold = new OrderedFold(count, Concat);
            foreach (var (first, length) in spans)
            {
                Assert.False(fold.IsComplete);
                fold.Add(first, length, string.Concat(Enumerable.Range(first, length).Select(i => $"<{i}>")));
            }
            Assert.True(fold.IsComplete);
            Assert.Equal(string.Concat(Enumerable.Range(0, count).Select(i => $"<{i}>")), fold.Result);
        }
    }

    [Fact]
    public void Holds_one_value_per_gap_not_per_chunk()
    {
        var fold = new OrderedFold(1000, Concat);
        for (var i = 0; i < 1000; i += 2)
            fold.Add(i, 1, "x");
        Assert.Equal(500, fold.CompletedRanges.Count());
        for (var i = 1; i < 1000; i += 2)
            fold.Add(i, 1, "y");
        Assert.Equal([(0L, 1000L)], fold.CompletedRanges);
    }

    [Fact]
    public void Completed_ranges_skip_what_never_completed()
    {
        var fold = new OrderedFold(10, Concat);
        fold.Add(0, 3, "a");
        fold.Add(5, 2, "b");
        fold.Add(3, 0, "ignored");
        Assert.Equal([(0L, 3L), (5L, 7L)], fold.CompletedRanges);
        Assert.Equal(5, fold.CompletedChunks);
        Assert.Null(fold.Result);
    }
}
