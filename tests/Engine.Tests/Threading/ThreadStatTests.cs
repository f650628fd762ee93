namespace Engine.Tests.Threading;

using Engine.Threading;

public sealed class ThreadStatTests
{
    [Fact]
    public void Comm_ends_at_the_last_parenthesis_even_when_it_holds_spaces_and_parentheses()
    {
        // Fields 3..52 of proc(5): utime 7 (14), stime 3 (15), nice 19 (19), processor 5 (39), policy 5 (41).
        var afterComm = "S 1 2 3 0 -1 4194368 10 0 0 0 7 3 0 0 39 19 4 0 100 200 300 400 0 0 0 0 0 0 0 0 0 0 0 0 -1 5 0 5 0 0 0 0 0 0 0 0 0 0 0";
        var stat = ThreadStat.Parse(4242, $"4242 (a) b (c) {afterComm}");

        Assert.Equal("a) b (c", stat.Comm);
        Assert.Equal('S', stat.State);
        Assert.Equal(19, stat.Nice);
        Assert.Equal(5, stat.Processor);
        Assert.Equal(10, stat.CpuTicks);
        Assert.Equal(ThreadStat.SchedIdle, stat.Policy);
    }

    [Fact]
    public void A_line_without_comm_is_refused()
    {
        Assert.Throws<FormatException>(() => ThreadStat.Parse(1, "1 S 0 0"));
    }

    [Fact]
    public void Reading_a_thread_shows_the_nice_it_set_on_itself()
    {
        var stat = IsolatedThread.Run(() =>
        {
            NativeThread.SetCurrentThreadNice(17);
            return ThreadStat.Read(NativeThread.CurrentThreadId());
        });

        Assert.Equal(17, stat.Nice);
    }
}
