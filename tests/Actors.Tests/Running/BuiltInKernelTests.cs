namespace Actors.Tests.Running;

using Actors.Tests.Support;
using Akka.TestKit.Xunit2;
using Engine.Actors;
using Engine.Jobs;
using Engine.Kernels.BuiltIn;

public class BuiltInKernelTests : TestKit
{
    private readonly WorkEngine _engine;

    public BuiltInKernelTests() : base("akka.loglevel = WARNING")
    {
        _engine = WorkEngine.Start(Sys, EngineFixtures.FakeTwoNodes);
        _engine.Register(BurnKernel.Name, new BurnKernel());
    }

    [Theory]
    [InlineData(0L, 100_000L, 1, 1)]
    [InlineData(12_345L, 77_777L, 7, 3)]
    [InlineData(5L, 1L, 200, 8)]
    public async Task Burn_equals_its_single_threaded_reference(long start, long size, int rounds, int helpers)
    {
        var result = await _engine.RunAsync(new JobSpec(BurnKernel.Name, start, size, maxHelpers: helpers,
            arguments: new BurnArgs(rounds)));
        ulong expected = 0;
        for (var i = start; i < start + size; i++)
            expected += BurnKernel.Burn((ulong)i, rounds);
        Assert.Equal(expected, (ulong)result.Value!);
    }

    [Fact]
    public async Task Burn_names_bad_rounds()
    {
        var failure = await Assert.ThrowsAsync<JobFailedException>(() =>
            _engine.RunAsync(new JobSpec(BurnKernel.Name, 0, 10, arguments: new BurnArgs(0))));
        Assert.Equal("arguments.rounds", failure.Field);
    }
}
