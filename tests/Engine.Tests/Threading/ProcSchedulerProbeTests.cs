namespace Engine.Tests.Threading;

using Engine.Threading;

public class ProcSchedulerProbeTests
{
    [Fact]
    public void The_kernel_reports_run_and_wait_time_of_a_thread_of_this_process()
    {
        var tid = NativeThread.CurrentThreadId();
        var before = ProcSchedulerProbe.Instance.Sample(tid);
        var spin = DateTime.UtcNow.AddMilliseconds(30);
        while (DateTime.UtcNow < spin)
        {
        }
        var after = ProcSchedulerProbe.Instance.Sample(tid);

        Assert.NotNull(before);
        Assert.True(after!.Value.RunNanoseconds > before!.Value.RunNanoseconds, "a spinning thread's run time grows");
        Assert.True(after.Value.WaitNanoseconds >= before.Value.WaitNanoseconds);
    }

    [Fact]
    public void A_thread_that_does_not_exist_gives_no_sample() =>
        Assert.Null(ProcSchedulerProbe.Instance.Sample(int.MaxValue));

    [Theory]
    [InlineData("123 456 7\n", 123L, 456L)]
    [InlineData("0 0 0", 0L, 0L)]
    public void A_schedstat_line_parses_as_run_and_wait_nanoseconds(string line, long run, long wait) =>
        Assert.Equal(new SchedSample(run, wait), ProcSchedulerProbe.Parse(line));

    [Fact]
    public void A_garbled_schedstat_line_gives_no_sample() => Assert.Null(ProcSchedulerProbe.Parse("x y"));
}
