namespace Engine.Tests.Planning;

using Engine.Planning;

public class UndoneChunksTests
{
    [Fact]
    public void A_range_is_undone_once_however_often_and_in_whatever_pieces_it_is_reported()
    {
        var undone = new UndoneChunks();

        Assert.Equal([(10L, 20L)], undone.TakeNew(10, 10));
        Assert.Empty(undone.TakeNew(12, 5));
        Assert.Equal([(5L, 10L), (20L, 25L)], undone.TakeNew(5, 20));
        Assert.Empty(undone.TakeNew(5, 20));
        Assert.Equal([(5L, 25L)], undone.Ranges);
    }

    [Fact]
    public void Gaps_between_undone_ranges_are_what_a_wider_report_adds()
    {
        var undone = new UndoneChunks([(0, 4), (8, 12)]);

        Assert.Equal([(4L, 8L), (12L, 16L)], undone.TakeNew(2, 14));
        Assert.Equal([(0L, 16L)], undone.Ranges);
    }

    [Fact]
    public void A_late_report_belongs_to_the_ended_job_whose_leases_it_carries()
    {
        var late = new LateResults<string>(capacity: 2);
        late.Remember("job", firstLease: 1, lastLease: 10, "first run", [(0, 4)]);
        late.Remember("job", firstLease: 11, lastLease: 20, "second run", []);

        Assert.True(late.TryClaim("job", 15, 0, 4, out var job, out var toUndo));
        Assert.Equal("second run", job);
        Assert.Equal([(0L, 4L)], toUndo);
        Assert.True(late.TryClaim("job", 5, 0, 6, out job, out toUndo));
        Assert.Equal("first run", job);
        Assert.Equal([(4L, 6L)], toUndo);
        Assert.False(late.TryClaim("job", 21, 0, 1, out _, out _));
        Assert.False(late.TryClaim("other", 5, 0, 1, out _, out _));
        Assert.False(late.TryClaim("job", 0, 0, 1, out _, out _));
    }

    [Fact]
    public void Only_the_newest_ended_jobs_are_remembered()
    {
        var late = new LateResults<int>(capacity: 1);
        late.Remember("old", 1, 10, 1, []);
        late.Remember("new", 11, 20, 2, []);

        Assert.False(late.TryClaim("old", 5, 0, 1, out _, out _));
        Assert.True(late.TryClaim("new", 11, 0, 1, out _, out _));
    }
}
