namespace Engine.Jobs;

using Engine.Kernels;
using Engine.Planning;

/// <summary>What running a span produced: the combined result of the chunks that completed, and the first error.</summary>
/// <param name="CompletedChunks">Chunks completed from the span's start (all of them when <see cref="Error"/> is null).</param>
/// <param name="Result">Combined result of the completed chunks (meaningless when none completed).</param>
/// <param name="Error">Why the span stopped early, or null.</param>
/// <param name="FailedChunk">The chunk that threw, or null if the span was stopped by cancellation.</param>
public sealed record SpanOutcome(long CompletedChunks, object? Result, Exception? Error, ChunkRange? FailedChunk);

/// <summary>
/// Runs a span's chunks one by one on the calling thread, combining their results left to right. Helpers
/// and the caller's lane share it, so a chunk behaves the same wherever it runs. The token is checked before
/// each chunk: a cancelled job starts no further chunk. <paramref name="progress"/>, if given, follows the
/// copy's items as they are done.
/// </summary>
public static class SpanRunner
{
    public static SpanOutcome Run(IChunkKernel kernel, ChunkPlan plan, ChunkSpan span, string jobId,
        object? arguments, int node, CancellationToken cancellation, SpanProgress? progress = null)
    {
        object? combined = null;
        for (var index = span.First; index < span.End; index++)
        {
            var completed = index - span.First;
            if (cancellation.IsCancellationRequested)
                return new SpanOutcome(completed, combined, new OperationCanceledException(cancellation), null);
            var chunk = plan.ChunkAt(index);
            try
            {
                var result = kernel.Run(new ChunkContext(jobId, chunk, arguments, node, cancellation, progress));
                // Combine is kernel code too: if it throws, the chunk failed (it must never escape unreported).
                combined = completed == 0 ? result : kernel.Combine(combined, result);
                progress?.ChunkCompleted(chunk.Length);
            }
            catch (OperationCanceledException e) when (cancellation.IsCancellationRequested)
            {
                return new SpanOutcome(completed, combined, e, null);
            }
            catch (Exception e)
            {
                return new SpanOutcome(completed, combined, e, chunk);
            }
        }
        return new SpanOutcome(span.Count, combined, null, null);
    }
}
