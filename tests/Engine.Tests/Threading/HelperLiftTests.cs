namespace Engine.Tests.Threading;

using Engine.Threading;

public class HelperLiftTests
{
    [Fact]
    public void A_lifted_helper_thread_leaves_SCHED_IDLE_for_SCHED_OTHER_at_the_callers_nice()
    {
        var (idleBefore, listed, lifted, policyAfter, niceAfter) = IsolatedThread.Run(() =>
        {
            var tid = NativeThread.CurrentThreadId();
            Assert.True(NativeThread.SetCurrentThreadNice(19).Succeeded);
            Assert.True(NativeThread.SetCurrentThreadIdleClass().Succeeded);
            var before = NativeThread.GetSchedulingPolicy(tid);
            var found = HelperLift.IdleThreadsOfThisProcess().Contains(tid);
            var count = HelperLift.Lift([tid], helperTasksFile: null, nice: 10);
            return (before, found, count, NativeThread.GetSchedulingPolicy(tid), NativeThread.GetNice(tid));
        });

        Assert.Equal(ThreadStat.SchedIdle, idleBefore);
        Assert.True(listed, "the SCHED_IDLE thread was not listed among the process's idle threads");
        Assert.Equal(1, lifted);
        Assert.Equal(0, policyAfter);
        Assert.Equal(10, niceAfter);
    }
}
