namespace Engine.Policies;

using System.Globalization;

/// <summary>
/// The measured answer to "how many helpers should this job get" (a job asking for
/// <see cref="Jobs.JobSpec.AutoHelpers"/>): as many threads as the work keeps busy for a useful time, never
/// more than the caller's and the caps' limit. Two rules, the smaller wins:
/// <list type="bullet">
/// <item>busy time: each thread must get at least <see cref="AutoHelpersSettings.MinBusy"/> of the work left,
/// or starting it costs more than it saves;</item>
/// <item>dispatch: the coordinator hands out one span at a time, each costing about
/// <see cref="AutoHelpersSettings.DispatchCost"/>, so it feeds at most span time / dispatch cost threads.
/// A span is one chunk, or as many tiny chunks as fill the span target.</item>
/// </list>
/// </summary>
public static class HelperCountPolicy
{
    public const string Measured = "auto-helpers";
    public const string Remembered = "auto-helpers-remembered";

    /// <param name="itemTicks">Time one item of the kernel takes, in (fractional) TimeSpan ticks, measured on this job's first chunks or remembered.</param>
    /// <param name="chunkItems">Items in one chunk of the job.</param>
    /// <param name="remainingItems">Items not yet done.</param>
    /// <param name="limit">Threads the caller and the caps allow, the caller's lane included.</param>
    /// <param name="spanTarget">Tiny chunks are handed out together until a span takes this long.</param>
    /// <param name="rule">Which rule name to record: <see cref="Measured"/> or <see cref="Remembered"/>.</param>
    public static HelperCountDecision Decide(double itemTicks, long chunkItems, long remainingItems, int limit,
        TimeSpan spanTarget, AutoHelpersSettings settings, string rule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(itemTicks);
        var chunkTicks = itemTicks * Math.Max(1, chunkItems);
        var spanTicks = Math.Max(chunkTicks, spanTarget.Ticks);
        var workTicks = itemTicks * Math.Max(0, remainingItems);
        var byBusy = Whole(workTicks / settings.MinBusy.Ticks);
        var byDispatch = Whole(spanTicks / settings.DispatchCost.Ticks);
        var threads = (int)Math.Clamp(Math.Min(byBusy, byDispatch), 1, limit);
        var why = $"chunks of {Format(chunkTicks)} ({(rule == Remembered ? "remembered" : "measured")}), spans of {Format(spanTicks)}: "
            + $"{Format(workTicks)} of work left keeps {Count(byBusy)} thread(s) busy for {Format(settings.MinBusy.Ticks)} each; "
            + $"at {Format(settings.DispatchCost.Ticks)} per hand-out the coordinator feeds {Count(byDispatch)}; "
            + $"limit {limit} (caller and caps): {threads} thread(s), {threads - 1} helper(s)";
        return new HelperCountDecision(threads, new PolicyDecision(rule, why));
    }

    private static double Whole(double ratio) => double.IsFinite(ratio) ? Math.Floor(ratio) : double.MaxValue;

    private static string Count(double threads) => threads >= int.MaxValue ? "any number of" : threads.ToString("0", CultureInfo.InvariantCulture);

    private static string Format(double ticks) => ticks >= TimeSpan.TicksPerMillisecond
        ? (ticks / TimeSpan.TicksPerMillisecond).ToString("0.###", CultureInfo.InvariantCulture) + " ms"
        : (ticks / TimeSpan.TicksPerMicrosecond).ToString("0.###", CultureInfo.InvariantCulture) + " us";
}

/// <summary>Threads (the caller's lane included) a job gets, and the rule that decided.</summary>
public sealed record HelperCountDecision(int Threads, PolicyDecision Decision);

/// <summary>The <c>engine.auto-helpers</c> settings: see engine.conf.</summary>
public sealed record AutoHelpersSettings(TimeSpan DispatchCost, TimeSpan MinBusy);
