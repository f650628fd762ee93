namespace Engine.Tests.Threading;

using System.Runtime.ExceptionServices;

/// <summary>
/// Runs code on a fresh thread and returns its result: tests that nice or pin a thread must never do it to
/// an xunit thread, since nice and affinity stick to the thread (and an unprivileged one cannot undo nice).
/// </summary>
internal static class IsolatedThread
{
    public static T Run<T>(Func<T> body)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                result = body();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
