namespace Host.Tests;

using Akka.Actor;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Jobs;
using Engine.Kernels;

/// <summary>The README's "Using the engine from your own ActorSystem" examples, as written there, run and answer.</summary>
public sealed class ReadmeExamplesTests : IAsyncDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);
    private readonly ActorSystem _system = ActorSystem.Create("readme");

    // README: "A kernel derives from ChunkKernel<TArgs, TResult>".
    public sealed class SumKernel : ChunkKernel<long, long>
    {
        public override void Validate(JobSpec spec, long offset)          // optional: name the bad field
        {
            if (offset < 0) throw new JobSpecException("arguments", $"offset must be >= 0, was {offset}");
        }
        public override long Empty(long offset) => 0;                       // result of zero items
        public override long Run(ChunkRange chunk, long offset, ChunkContext context)
        {
            long sum = 0;
            for (var i = chunk.Start; i < chunk.End; i++) { context.Cancellation.ThrowIfCancellationRequested(); sum += i + offset; }
            return sum;
        }
        public override long Combine(long left, long right) => left + right; // associative; left is the earlier range
    }

    [Fact]
    public async Task The_facade_example_sums_the_range_and_names_a_bad_argument()
    {
        var engine = WorkEngine.Get(_system);                        // an Akka extension: starts once, from the `engine` config section
        engine.Register("sum", new SumKernel());                     // your chunk function; built-ins are not registered
        var result = await engine.RunAsync(new JobSpec("sum", start: 0, size: 1_000_000, minChunk: 10_000,
            arguments: 5L));                                         // TArgs is long: 5L, not 5

        Assert.Equal(999_999L * 1_000_000 / 2 + 5 * 1_000_000, result.Value);
        var failure = await Assert.ThrowsAsync<JobFailedException>(() =>
            engine.RunAsync(new JobSpec("sum", start: 0, size: 10, arguments: -1L)));
        Assert.Equal((JobFailureKind.InvalidSpec, "arguments"), (failure.Kind, failure.Field));
    }

    [Fact]
    public async Task The_coordinator_example_answers_accepted_then_completed()
    {
        var engine = WorkEngine.Get(_system);
        engine.Register("sum", new SumKernel());
        var inbox = Inbox.Create(_system);
        engine.Coordinator.Tell(new SubmitJob(new JobSpec("sum", 0, 1000, arguments: 0L), "job-1"), inbox.Receiver);

        var accepted = Assert.IsType<JobAccepted>(await inbox.ReceiveAsync(Timeout));
        var answer = await inbox.ReceiveAsync(Timeout);                 // exactly one JobCompleted or JobFailed

        Assert.Equal("job-1", accepted.JobId);
        Assert.Equal(999L * 1000 / 2, Assert.IsType<JobCompleted>(answer).Result);
    }

    public async ValueTask DisposeAsync() => await _system.Terminate();
}
