namespace Engine.Tests.Policies;

using Engine.Policies;

public class RemoteRequestDepthTests
{
    [Fact]
    public void Depth_stays_at_the_first_requests_while_the_next_grant_is_always_waiting()
    {
        var depth = new RemoteRequestDepth(2, 256);
        for (var span = 0; span < 100; span++)
            Assert.Equal(0, depth.AfterSpan(grantWaiting: true));
        Assert.Equal(2, depth.Current);
    }

    [Fact]
    public void Depth_doubles_each_time_a_span_ends_with_no_grant_waiting()
    {
        var depth = new RemoteRequestDepth(2, 256);
        Assert.Equal(2, depth.AfterSpan(grantWaiting: false));
        Assert.Equal(4, depth.AfterSpan(grantWaiting: false));
        Assert.Equal(0, depth.AfterSpan(grantWaiting: true));
        Assert.Equal(8, depth.AfterSpan(grantWaiting: false));
        Assert.Equal(16, depth.Current);
    }

    [Fact]
    public void Depth_never_grows_beyond_the_most()
    {
        var depth = new RemoteRequestDepth(3, 20);
        var sent = 3;
        for (var span = 0; span < 50; span++)
            sent += depth.AfterSpan(grantWaiting: false);
        Assert.Equal(20, depth.Current);
        Assert.Equal(20, sent);
    }

    [Fact]
    public void A_most_below_the_first_requests_keeps_the_first()
    {
        var depth = new RemoteRequestDepth(16, 4);
        Assert.Equal(16, depth.Most);
        Assert.Equal(0, depth.AfterSpan(grantWaiting: false));
    }
}
