namespace Host.Tests.Output;

using Engine.Host.Output;

/// <summary>A failure is one line of messages, its causes' included, without type names, stacks or task wrappers.</summary>
public class FailureTextTests
{
    [Fact]
    public void Causes_follow_the_message_and_task_wrappers_are_dropped()
    {
        var failure = new AggregateException(new InvalidOperationException("cannot start", new IOException("disk gone")));

        Assert.Equal("cannot start: disk gone", FailureText.OneLine(failure));
    }

    [Fact]
    public void A_cause_that_only_repeats_the_message_is_not_repeated()
    {
        var failure = new InvalidOperationException("bind failed: address in use", new IOException("address in use"));

        Assert.Equal("bind failed: address in use", FailureText.OneLine(failure));
    }
}
