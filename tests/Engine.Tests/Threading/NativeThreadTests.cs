namespace Engine.Tests.Threading;

using Engine.Threading;

public sealed class NativeThreadTests
{
    /// <summary>setpriority(2) refuses to lower nice without CAP_SYS_NICE with EACCES, not EPERM.</summary>
    private const int EACCES = 13;
    private const int EINVAL = 22;

    [Fact]
    public void Nice_belongs_to_the_thread_that_set_it()
    {
        var callerTid = NativeThread.CurrentThreadId();
        var callerNice = NativeThread.GetNice(callerTid);

        var (tid, niceSeenByItself) = IsolatedThread.Run(() =>
        {
            var result = NativeThread.SetCurrentThreadNice(19);
            Assert.True(result.Succeeded, result.ToString());
            var self = NativeThread.CurrentThreadId();
            return (self, NativeThread.GetNice(self));
        });

        Assert.NotEqual(callerTid, tid);
        Assert.Equal(19, niceSeenByItself);
        Assert.Equal(callerNice, NativeThread.GetNice(callerTid));
    }

    [Fact]
    public void Pinning_a_thread_changes_its_affinity_and_the_cpu_it_runs_on()
    {
        var (affinity, cpu) = IsolatedThread.Run(() =>
        {
            var result = NativeThread.SetCurrentThreadAffinity([1]);
            Assert.True(result.Succeeded, result.ToString());
            return (NativeThread.GetCurrentThreadAffinity(), NativeThread.CurrentCpu());
        });

        Assert.Equal([1], affinity);
        Assert.Equal(1, cpu);
    }

    [Fact]
    public void Lowering_nice_without_CAP_SYS_NICE_comes_back_as_EACCES_with_its_text()
    {
        var (result, niceAfter) = IsolatedThread.Run(() =>
        {
            Assert.True(NativeThread.SetCurrentThreadNice(19).Succeeded);
            CapabilityDrop.SysNiceFromCurrentThread();
            var lowered = NativeThread.SetCurrentThreadNice(0);
            return (lowered, NativeThread.GetNice(NativeThread.CurrentThreadId()));
        });

        Assert.Equal(NativeCallStatus.Failed, result.Status);
        Assert.Equal(EACCES, result.Errno);
        Assert.Contains("permission denied", result.Detail, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(19, niceAfter);
    }

    [Fact]
    public void Pinning_to_cpus_the_machine_lacks_comes_back_as_EINVAL_and_leaves_affinity_alone()
    {
        var (result, before, after) = IsolatedThread.Run(() =>
        {
            var original = NativeThread.GetCurrentThreadAffinity();
            var pinned = NativeThread.SetCurrentThreadAffinity([4000]);
            return (pinned, original, NativeThread.GetCurrentThreadAffinity());
        });

        Assert.Equal(NativeCallStatus.Failed, result.Status);
        Assert.Equal(EINVAL, result.Errno);
        Assert.Equal(before, after);
    }

    [Fact]
    public void Process_nice_is_the_main_threads_not_the_callers()
    {
        var (processNice, ownNice) = IsolatedThread.Run(() =>
        {
            NativeThread.SetCurrentThreadNice(18);
            return (NativeThread.ProcessNice(), NativeThread.GetNice(NativeThread.CurrentThreadId()));
        });

        Assert.Equal(18, ownNice);
        Assert.Equal(NativeThread.ProcessNice(), processNice);
        Assert.NotEqual(ownNice, processNice);
    }
}
