using System.Collections.Immutable;
using Engine.Actors.Serialization;
using Engine.Actors.Tests.Serialization.Unlisted;
using Engine.Actors.Tests.Serialization.Wire;
using Engine.Jobs;

namespace Engine.Actors.Tests.Serialization;

public sealed class WireTypeAllowListTests
{
    private sealed class Box<T>(T value)
    {
        public T Value { get; } = value;
    }

    [Fact]
    public void A_new_list_accepts_primitives_and_standard_collections_of_them()
    {
        var list = new WireTypeAllowList();

        Assert.All(new[]
        {
            typeof(string), typeof(int), typeof(long), typeof(double), typeof(byte[]), typeof(TimeSpan),
            typeof(DateTime), typeof(Guid), typeof(int?), typeof(List<string>), typeof(Dictionary<string, long>),
            typeof(ImmutableArray<int>), typeof(ImmutableDictionary<string, List<int>>), typeof(string[][]),
            typeof(object[]),
        }, type => Assert.True(list.IsAllowed(type), type.ToString()));
    }

    [Fact]
    public void A_new_list_refuses_exceptions_files_and_foreign_types()
    {
        var list = new WireTypeAllowList();

        Assert.All(new[]
        {
            typeof(Exception), typeof(FileInfo), typeof(Type), typeof(UnlistedOrder), typeof(JobSpec),
        }, type => Assert.False(list.IsAllowed(type), type.ToString()));
    }

    [Fact]
    public void A_collection_is_refused_when_an_element_type_is_refused()
    {
        var list = new WireTypeAllowList();

        Assert.False(list.IsAllowed(typeof(List<FileInfo>)));
        Assert.False(list.IsAllowed(typeof(Dictionary<string, UnlistedOrder>)));
        Assert.False(list.IsAllowed(typeof(UnlistedOrder[])));
    }

    [Fact]
    public void An_exact_type_is_accepted_alone_and_inside_collections()
    {
        var list = new WireTypeAllowList();

        list.Allow(typeof(UnlistedOrder));

        Assert.True(list.IsAllowed(typeof(UnlistedOrder)));
        Assert.True(list.IsAllowed(typeof(List<UnlistedOrder>)));
        Assert.True(list.IsAllowed(typeof(UnlistedOrder[])));
        Assert.False(list.IsAllowed(typeof(Ping)));
    }

    [Fact]
    public void An_allowed_generic_definition_accepts_only_allowed_arguments()
    {
        var list = new WireTypeAllowList();

        list.Allow(typeof(Box<>));

        Assert.True(list.IsAllowed(typeof(Box<int>)));
        Assert.False(list.IsAllowed(typeof(Box<UnlistedOrder>)));
    }

    [Fact]
    public void An_allowed_constructed_generic_does_not_open_its_definition()
    {
        var list = new WireTypeAllowList();

        list.Allow(typeof(Box<int>));

        Assert.True(list.IsAllowed(typeof(Box<int>)));
        Assert.False(list.IsAllowed(typeof(Box<string>)));
    }

    [Fact]
    public void A_namespace_rule_covers_sub_namespaces_of_that_assembly_only()
    {
        var list = new WireTypeAllowList();

        list.AllowNamespace(typeof(Ping).Assembly, "Engine.Actors.Tests.Serialization.Wire");

        Assert.True(list.IsAllowed(typeof(Ping)));
        Assert.True(list.IsAllowed(typeof(List<ChunkRangeMessage>)));
        Assert.False(list.IsAllowed(typeof(UnlistedOrder)));
        Assert.False(list.IsAllowed(typeof(JobSpec)));
    }

    [Fact]
    public void A_namespace_prefix_matches_whole_namespace_segments()
    {
        var list = new WireTypeAllowList();

        list.AllowNamespace(typeof(Ping).Assembly, "Engine.Actors.Tests.Serialization.Wi");

        Assert.False(list.IsAllowed(typeof(Ping)));
    }

    [Fact]
    public void The_system_list_accepts_the_engine_namespaces_of_the_engine_assemblies_only()
    {
        using var system = Akka.Actor.ActorSystem.Create("allow-list");

        var list = WireTypes.For(system);

        Assert.Same(list, WireTypes.For(system));
        Assert.True(list.IsAllowed(typeof(JobSpec)));
        Assert.True(list.IsAllowed(typeof(WireTypes)));
        Assert.False(list.IsAllowed(typeof(Ping)));
    }
}
