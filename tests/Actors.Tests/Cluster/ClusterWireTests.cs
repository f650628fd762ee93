namespace Actors.Tests.Cluster;

using Akka.Actor;
using Akka.TestKit.Xunit2;
using Engine.Actors.Cluster;
using Engine.Actors.Coordination;
using Engine.Actors.Serialization;
using Engine.Actors.Throttling;
using Engine.Actors.Workers;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Kernels.BuiltIn;
using Engine.Kernels.BuiltIn.Hash;
using Engine.Kernels.BuiltIn.MemInit;
using Engine.Planning;
using Engine.Policies;
using Engine.Throttling;

/// <summary>Every message that crosses between members survives the wire serializer with only the engine's and the kernels' types allowed.</summary>
public sealed class ClusterWireTests : TestKit
{
    public ClusterWireTests() : base(WireSerialization.Config)
    {
        foreach (var (_, kernel) in BuiltInKernels.All)
            WireTypes.For(Sys).Allow(kernel.WireTypes);
    }

    public static TheoryData<string> MessageNames => [.. Messages(ActorRefs.Nobody).Keys];

    [Theory]
    [MemberData(nameof(MessageNames))]
    public void A_cluster_message_round_trips_through_the_wire_serializer(string name)
    {
        var message = Messages(TestActor)[name];
        var serializer = Sys.Serialization.FindSerializerFor(message);

        var back = serializer.FromBinary(serializer.ToBinary(message), message.GetType());

        Assert.Equal(message.GetType(), back.GetType());
        Assert.Equal(Describe(message), Describe(back));
    }

    [Fact]
    public async Task The_result_and_statistics_of_a_real_job_round_trip_through_the_wire_serializer()
    {
        var engine = Engine.Actors.WorkEngine.Start(Sys, Support.EngineFixtures.FakeTwoNodes);
        foreach (var (name, kernel) in BuiltInKernels.All)
            engine.Register(name, kernel);
        var result = await engine.RunAsync(new JobSpec(Engine.Kernels.BuiltIn.Burn.BurnKernel.Name, 0, 2_000,
            maxHelpers: JobSpec.AutoHelpers, arguments: new Engine.Kernels.BuiltIn.Burn.BurnArgs(10)));
        var message = new JobCompleted("real", result.Value, result.Statistics);
        var serializer = Sys.Serialization.FindSerializerFor(message);

        var back = serializer.FromBinary(serializer.ToBinary(message), message.GetType());

        Assert.Equal(Describe(message), Describe(back));
    }

    // Records holding collections compare them by reference; their printed form compares by content.
    private static string Describe(object message) => System.Text.Json.JsonSerializer.Serialize(message, message.GetType(),
        new System.Text.Json.JsonSerializerOptions
        {
            ReferenceHandler = System.Text.Json.Serialization.ReferenceHandler.IgnoreCycles,
            Converters = { new ActorRefAsPath() }
        });

    private sealed class ActorRefAsPath : System.Text.Json.Serialization.JsonConverter<IActorRef>
    {
        public override IActorRef Read(ref System.Text.Json.Utf8JsonReader reader, Type type, System.Text.Json.JsonSerializerOptions options) =>
            throw new NotSupportedException();

        public override void Write(System.Text.Json.Utf8JsonWriter writer, IActorRef value, System.Text.Json.JsonSerializerOptions options) =>
            writer.WriteStringValue(value.Path.ToStringWithoutAddress());
    }

    private static Dictionary<string, object> Messages(IActorRef someActor)
    {
        var hash = new HashArgs(Seed: 3, LeafSize: 1024);
        var spec = new JobSpec(HashKernel.Name, 0, 10_240, align: 1024, placement: Placement.Nodes(new NodeShare(0, 2)),
            arguments: hash, timeout: TimeSpan.FromMinutes(1));
        var plan = ChunkPlanner.Plan(spec, 4);
        var segment = (MerkleSegment)((IChunkKernel)BuiltInKernels.Hash).Run(new ChunkContext("j", new ChunkRange(0, 0, 5120), hash, 0, CancellationToken.None))!;
        var statistics = new JobStatistics(TimeSpan.FromSeconds(2), 10_240, 10, 1024, 4, new() { [0] = 2 }, new() { [-1] = 3, [0] = 7 },
            2, 1, 0, new[] { new PolicyDecision("ktask-default", "why") }, new() { ["akka.tcp://engine@a:1"] = 10 });
        var ticket = new JobTicket("j", someActor, HashKernel.Name, hash, plan);
        var caps = new HelperCaps(new Dictionary<int, int> { [0] = 1, [1] = 2 }, 3);
        return new()
        {
            ["SubmitJob"] = new SubmitJob(spec, "j", true, 0),
            ["JobAccepted"] = new JobAccepted("j", 10, 1024, 4),
            ["JobProgress"] = new JobProgress("j", 3, 10, 3072, 10_240, 2, TimeSpan.FromSeconds(1)),
            ["JobCompleted(hash)"] = new JobCompleted("j", segment, statistics),
            ["JobCompleted(meminit)"] = new JobCompleted("j", new MemInitResult(42, System.Collections.Immutable.ImmutableSortedDictionary<int, long>.Empty.Add(0, 4096)), statistics),
            ["JobCompleted(burn)"] = new JobCompleted("j", 42UL, statistics),
            ["JobFailed"] = new JobFailed("j", JobFailureKind.ChunkFailed, null, "boom", new ChunkRange(1, 1024, 2048), statistics),
            ["CancelJob"] = new CancelJob("j"),
            ["RequestChunks"] = new RequestChunks("j", 0, 2),
            ["ChunksGranted"] = new ChunksGranted("j", new ChunkSpan(3, 2)),
            ["NoMoreChunks"] = new NoMoreChunks("j"),
            ["ChunksDone"] = new ChunksDone("j", new ChunkSpan(3, 2), segment, 1234, 0, true),
            ["ChunkFailed"] = new ChunkFailed("j", new ChunkSpan(3, 2), 1, segment, 0, new ChunkRange(4, 4096, 5120), "boom"),
            ["ChunksReturned"] = new ChunksReturned("j", new ChunkSpan(3, 2)),
            ["HelpWithJob"] = new HelpWithJob(new OpenJob(ticket, 3, [], true)),
            ["StopHelping"] = new StopHelping("j"),
            ["GetMemberReport"] = GetMemberReport.Instance,
            ["GetClusterReport"] = GetClusterReport.Instance,
            ["ClusterReport"] = new ClusterReport("akka.tcp://engine@a:1", new[] { new MemberReport("akka.tcp://engine@a:1", "Up",
                new Dictionary<int, int[]> { [0] = [0, 1] }, new[] { "burn", "hash" },
                new ThrottlerState(caps, new Dictionary<int, int> { [0] = 1 }, 1, new Dictionary<int, int> { [0] = 0 }, 1)) }),
        };
    }
}
