namespace Engine.Tests.Jobs;

using Engine.Jobs;
using Engine.Kernels;
using Engine.Planning;
using Engine.Tests.Support;

public class SpanRunnerTests
{
    private sealed class FailsAt(long failingIndex) : ChunkKernel<object?, long>
    {
        public override long Empty(object? arguments) => 0;

        public override long Run(ChunkRange chunk, object? arguments, ChunkContext context) =>
            chunk.Index == failingIndex ? throw new InvalidOperationException("boom") : chunk.Length;

        public override long Combine(long left, long right) => left + right;
    }

    private static readonly ChunkPlan Plan = new(0, 100, 10, 2);

    [Fact]
    public void Runs_every_chunk_of_the_span_and_combines_left_to_right()
    {
        var outcome = SpanRunner.Run(new SumKernel(), Plan, new ChunkSpan(2, 3), "j", 0L, 0, CancellationToken.None);
        Assert.Null(outcome.Error);
        Assert.Equal(3, outcome.CompletedChunks);
        Assert.Equal(Enumerable.Range(20, 30).Sum(i => (long)i), outcome.Result);
    }

    [Fact]
    public void Stops_at_the_throwing_chunk_and_reports_what_completed_before_it()
    {
        var outcome = SpanRunner.Run(new FailsAt(4), Plan, new ChunkSpan(2, 5), "j", null, 0, CancellationToken.None);
        Assert.IsType<InvalidOperationException>(outcome.Error);
        Assert.Equal(2, outcome.CompletedChunks);
        Assert.Equal(20L, outcome.Result);
        Assert.Equal(new ChunkRange(4, 40, 50), outcome.FailedChunk);
    }

    [Fact]
    public void A_cancelled_token_starts_no_chunk()
    {
        var outcome = SpanRunner.Run(new SumKernel(), Plan, new ChunkSpan(0, 3), "j", 0L, 0, new CancellationToken(true));
        Assert.IsType<OperationCanceledException>(outcome.Error);
        Assert.Equal(0, outcome.CompletedChunks);
        Assert.Null(outcome.FailedChunk);
    }
}
