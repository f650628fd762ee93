namespace Actors.Tests.Workers;

using Akka.Configuration;
using Akka.TestKit.Xunit2;
using Engine.Actors.Coordination;
using Engine.Actors.Serialization;
using Engine.Actors.Workers;
using Engine.Planning;

/// <summary>
/// A worker's report measured against the frame: a result of known length is bounded without serializing it, and
/// the bound never falls below the report's size on the wire, so no report over the frame is let through.
/// </summary>
public sealed class RemoteFrameBudgetTests : TestKit
{
    private const int FrameBytes = 64_000;

    public RemoteFrameBudgetTests() : base(ConfigurationFactory
        .ParseString($"akka.remote.dot-netty.tcp.maximum-frame-size = {FrameBytes}b")
        .WithFallback(WireSerialization.Config))
    {
    }

    public static TheoryData<object, string> Results => new()
    {
        { Array.Empty<byte>(), "j" },
        { new byte[10_000], "0123456789ab" },
        { "", "0123456789ab" },
        { new string('x', 5_000), "0123456789ab" },
        { new string('é', 5_000), new string('ü', 300) },
        { new long[1_000], "0123456789ab" },
        { new double[3], "0123456789ab" },
        { new bool[100], "0123456789ab" },
    };

    [Theory]
    [MemberData(nameof(Results))]
    public void A_reports_upper_bound_is_never_below_its_serialized_size(object result, string jobId)
    {
        var report = Report(result, jobId);

        var serialized = Sys.Serialization.FindSerializerFor(report).ToBinary(report).LongLength;

        Assert.InRange(serialized, 0, RemoteFrameBudget.UpperBound(report)!.Value);
    }

    [Fact]
    public void A_result_of_another_type_has_no_bound_and_is_measured()
    {
        var report = Report(new ChunkSpan(1, 2), "0123456789ab");

        Assert.Null(RemoteFrameBudget.UpperBound(report));
        Assert.Null(Budget().Oversize(report, TestActor, TestActor));
    }

    [Fact]
    public void Bytes_within_the_frame_pass_and_bytes_over_it_are_caught_with_their_size()
    {
        var budget = Budget();

        Assert.Null(budget.Oversize(Report(new byte[FrameBytes / 2], "0123456789ab"), TestActor, TestActor));
        var over = Report(new byte[FrameBytes], "0123456789ab");
        var size = budget.Oversize(over, TestActor, TestActor);
        Assert.InRange(size!.Value, FrameBytes + 1, RemoteFrameBudget.UpperBound(over)!.Value + 1024);
    }

    private RemoteFrameBudget Budget() => Assert.IsType<RemoteFrameBudget>(RemoteFrameBudget.For(Sys));

    private static ChunksDone Report(object result, string jobId) =>
        new(jobId, new ChunkSpan(123_456, 1), result, 1_234, 0, true, 99);
}
