namespace Engine.Host.Bench;

using System.Diagnostics;
using Akka.Configuration;
using Engine.Jobs;

/// <summary>What the engine costs beside a kernel's own work, measured with a kernel that does nothing.</summary>
/// <param name="JobSeconds">A job's fixed cost: submit, plan, run one empty chunk on the caller's lane, answer.</param>
/// <param name="SpanSeconds">The coordinator's cost per span handed out and folded back, one chunk per span, all threads pulling.</param>
public sealed record SpanCosts(double JobSeconds, double SpanSeconds);

/// <summary>
/// Measures <see cref="SpanCosts"/>: many one-chunk jobs in a row give the fixed cost; a job of one-item chunks
/// handed out one per span (span-target 0) gives the cost per span once the fixed cost is taken off.
/// </summary>
public static class SpanCostBench
{
    private const int Jobs = 50;
    private const long Spans = 20_000;

    public static async Task<SpanCosts> MeasureAsync(TextWriter log, CancellationToken cancellation)
    {
        await using var process = EngineProcess.Start(ConfigurationFactory.ParseString(
            "engine.load-balance-factor = 1000000000\nengine.span-target = 0ms"));
        process.Engine.Register(EmptyKernel.Name, new EmptyKernel());
        log.WriteLine($"bench: per-job and per-span costs ({Jobs} one-chunk jobs, then {Spans:N0} one-chunk spans)");
        await process.Engine.RunAsync(new JobSpec(EmptyKernel.Name, 0, Spans / 10), cancellation);
        var clock = Stopwatch.StartNew();
        for (var job = 0; job < Jobs; job++)
            await process.Engine.RunAsync(new JobSpec(EmptyKernel.Name, 0, 1), cancellation);
        var jobSeconds = clock.Elapsed.TotalSeconds / Jobs;
        clock.Restart();
        var result = await process.Engine.RunAsync(new JobSpec(EmptyKernel.Name, 0, Spans), cancellation);
        var spansSeconds = clock.Elapsed.TotalSeconds;
        if (result.Statistics.Chunks != Spans)
            throw new InvalidOperationException($"the span job ran {result.Statistics.Chunks:N0} chunks, expected {Spans:N0}");
        return new SpanCosts(jobSeconds, Math.Max(0, spansSeconds - jobSeconds) / Spans);
    }
}
