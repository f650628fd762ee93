namespace Engine.Planning;

using Engine.Jobs;

/// <summary>
/// padata_do_multithreaded's arithmetic: works = clamp(size / max(minChunk, align), 1, threads);
/// chunk = roundup(max(size / (works * 4), minChunk, 1), align). The factor 4 gives each work about four
/// chunks, so a slow helper does not hold up the job (load balancing).
/// </summary>
public static class ChunkPlanner
{
    public const int LoadBalanceFactor = 4;

    /// <param name="spec">A validated job.</param>
    /// <param name="threadLimit">Threads that could work on the job at most: caps plus the caller's lane.</param>
    /// <param name="loadBalanceFactor">Chunks per work: padata's 4, more for finer chunks (better balance, more dispatch).</param>
    public static ChunkPlan Plan(JobSpec spec, int threadLimit, int loadBalanceFactor = LoadBalanceFactor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(loadBalanceFactor, 1);
        // An automatic job is planned for every thread it may get; the measured count only limits who pulls.
        var threads = Math.Max(1, spec.WantsAutoHelpers ? threadLimit : Math.Min(spec.MaxHelpers, threadLimit));
        var works = (int)Math.Clamp(spec.Size / Math.Max(spec.MinChunk, spec.Align), 1, threads);
        var chunk = RoundUp(Math.Max(Math.Max(spec.Size / ((long)works * loadBalanceFactor), spec.MinChunk), 1), spec.Align);
        return new ChunkPlan(spec.Start, spec.End, chunk, works);
    }

    /// <summary>Rounds up to a multiple of align, saturating instead of overflowing (one chunk then covers it all).</summary>
    private static long RoundUp(long value, long align)
    {
        var rounded = ((Int128)value + align - 1) / align * align;
        return rounded > long.MaxValue ? long.MaxValue / align * align : (long)rounded;
    }
}
