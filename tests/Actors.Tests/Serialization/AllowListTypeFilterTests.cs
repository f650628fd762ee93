namespace Engine.Actors.Tests.Serialization;

using Engine.Actors.Serialization;

public sealed class AllowListTypeFilterTests
{
    private readonly AllowListTypeFilter _filter = new(new WireTypeAllowList());

    [Fact]
    public void Hyperion_core_library_names_are_judged_by_their_types()
    {
        Assert.True(_filter.IsAllowed(
            "System.Collections.Generic.List`1[[System.Int32, System.Private.CoreLib,%core%]], System.Private.CoreLib,%core%"));
        Assert.False(_filter.IsAllowed("System.IO.FileInfo, System.Private.CoreLib,%core%"));
    }

    [Fact]
    public void A_name_that_does_not_parse_is_refused()
    {
        Assert.False(_filter.IsAllowed("System.Collections.Generic.List`1[[, System.Private.CoreLib"));
    }
}
