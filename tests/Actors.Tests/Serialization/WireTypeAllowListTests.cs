namespace Engine.Actors.Tests.Serialization;

using System.Collections.Immutable;
using Engine.Actors.Cluster;
using Engine.Actors.Coordination;
using Engine.Actors.Protocol;
using Engine.Actors.Serialization;
using Engine.Actors.Tests.Serialization.Unlisted;
using Engine.Actors.Tests.Serialization.Wire;
using Engine.Actors.Throttling;
using Engine.Actors.Workers;
using Engine.Jobs;

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
    public void A_value_is_accepted_inside_a_message_but_is_no_message()
    {
        var list = new WireTypeAllowList();

        list.Allow(typeof(ChunkRangeMessage));
        list.AllowMessage(typeof(Ping));

        Assert.True(list.IsAllowed(typeof(ChunkRangeMessage)));
        Assert.False(list.IsMessage(typeof(ChunkRangeMessage)));
        Assert.True(list.IsMessage(typeof(Ping)));
        Assert.True(list.IsAllowed(typeof(Ping)));
        Assert.False(list.IsMessage(typeof(Ping[])));
    }

    [Fact]
    public void The_system_list_is_the_wire_protocol_and_no_other_engine_type()
    {
        using var system = Akka.Actor.ActorSystem.Create("allow-list");

        var list = WireTypes.For(system);

        Assert.Same(list, WireTypes.For(system));
        Assert.All(WireProtocol.Messages, type => Assert.True(list.IsMessage(type), type.ToString()));
        Assert.All(WireProtocol.Values, type => Assert.True(list.IsAllowed(type) && !list.IsMessage(type), type.ToString()));
        Assert.All(LocalOnly, type => Assert.False(list.IsAllowed(type), type.ToString()));
        Assert.False(list.IsAllowed(typeof(Ping)));
    }

    [Fact]
    public void Every_public_engine_record_is_either_in_the_wire_protocol_or_named_local_only_here()
    {
        var records = new[] { typeof(JobSpec).Assembly, typeof(WireTypes).Assembly }
            .SelectMany(a => a.GetExportedTypes())
            .Where(t => t.GetMethod("<Clone>$") is not null && t.Namespace!.StartsWith("Engine.Actors", StringComparison.Ordinal));

        Assert.All(records, type => Assert.True(
            WireProtocol.Messages.Contains(type) || WireProtocol.Values.Contains(type) || LocalOnly.Contains(type),
            $"{type} is neither in WireProtocol nor listed as local-only"));
    }

    /// <summary>The engine's records that stay inside one process; the tests prove the wire refuses them.</summary>
    private static readonly Type[] LocalOnly =
    [
        typeof(WorkerReady), typeof(WorkerDetached), typeof(UpdateCaps), typeof(LimitsChanged), typeof(CloseJob), typeof(AbandonJob),
        typeof(GetThrottlerState), typeof(AttachToJob), typeof(LeaveJob), typeof(UndoChunks), typeof(UndoFinished),
        typeof(MemberLost), typeof(ClusterCapacity), typeof(ReportMemberLossTo), typeof(MemberCapacity),
        typeof(WireTypes), typeof(JobResult), typeof(Engine.Actors.Dispatch.PlacedThreadPoolSettings),
        typeof(Engine.Actors.Metrics.JobView),
    ];
}
