namespace Engine.Host.Bench.Busy;

using System.Text.Json.Nodes;

/// <param name="Session">Where the busy foreground ran: the bench's session or another one.</param>
/// <param name="LaneRuns">Seconds of each run on the lane alone, alternated with <paramref name="HelperRuns"/>.</param>
/// <param name="Leases">How the last job with helpers got its spans back (taken back, starved, late, copies).</param>
public sealed record BusyJobRow(string Kernel, long Size, string Session, IReadOnlyList<double> LaneRuns, IReadOnlyList<double> HelperRuns,
    JsonObject Leases)
{
    public double LaneSeconds => BenchStatistics.Median(LaneRuns);

    public double HelpersSeconds => BenchStatistics.Median(HelperRuns);

    /// <summary>Job with helpers over the same job on its lane alone: at most 1.10 is the promise.</summary>
    public double Ratio => HelpersSeconds / LaneSeconds;
}

/// <param name="AloneRuns">Foreground rounds per second with no engine running, one per round of the three.</param>
/// <param name="BesideLaneRuns">The same beside an endless job on its lane alone.</param>
/// <param name="BesideHelperRuns">The same beside an endless job with helpers.</param>
/// <param name="Cluster">A member frozen mid-job against that member absent, or null when skipped.</param>
public sealed record BusyReport(int Threads, double Seconds, IReadOnlyList<BusyJobRow> Jobs, IReadOnlyList<double> AloneRuns,
    IReadOnlyList<double> BesideLaneRuns, IReadOnlyList<double> BesideHelperRuns, ClusterFreezeRow? Cluster)
{
    public const double RatioTarget = 1.10;
    public const double ExtraLossTarget = 3;

    public double Alone => BenchStatistics.Median(AloneRuns);

    public double BesideLane => BenchStatistics.Median(BesideLaneRuns);

    public double BesideHelpers => BenchStatistics.Median(BesideHelperRuns);

    public double LossBesideLane => BenchStatistics.LossPercent(Alone, BesideLane);

    public double LossBesideHelpers => BenchStatistics.LossPercent(Alone, BesideHelpers);

    /// <summary>What the helpers cost the foreground beyond what the lane costs it, in points of its rate alone.</summary>
    public double ExtraLossFromHelpers => LossBesideHelpers - LossBesideLane;

    public bool Holds => Jobs.All(j => j.Ratio <= RatioTarget) && ExtraLossFromHelpers <= ExtraLossTarget;

    public IEnumerable<string> ToText()
    {
        yield return $"busy machine: {Threads} busy foreground thread(s) at nice 0";
        yield return "kernel, size, foreground, lane alone s, with helpers s (medians), ratio (<= 1.10), leases";
        foreach (var j in Jobs)
            yield return $"  {j.Kernel}, {j.Size:N0}, {j.Session}, {j.LaneSeconds:0.000}, {j.HelpersSeconds:0.000}, {j.Ratio:0.00}, "
                + string.Join(" ", j.Leases.Where(l => l.Key != "chunks_per_node").Select(l => $"{l.Key}={l.Value}"));
        yield return $"foreground (another session, {Seconds:0} s, medians of {AloneRuns.Count}): alone {Alone:N0} rounds/s; beside the lane alone lost {LossBesideLane:0.0}%, "
            + $"beside the job with helpers lost {LossBesideHelpers:0.0}%: helpers' extra loss {ExtraLossFromHelpers:0.0} points (<= 3)";
        if (Cluster is not null)
            yield return Cluster.ToText();
        yield return Holds ? "both promises hold" : "short: a promise does not hold";
    }

    public JsonObject ToJson() => new()
    {
        ["threads"] = Threads,
        ["seconds"] = Seconds,
        ["jobs"] = new JsonArray(Jobs.Select(j => (JsonNode)new JsonObject
        {
            ["kernel"] = j.Kernel,
            ["size"] = j.Size,
            ["foreground"] = j.Session,
            ["lane_alone_s"] = j.LaneSeconds,
            ["with_helpers_s"] = j.HelpersSeconds,
            ["lane_alone_runs_s"] = Numbers(j.LaneRuns),
            ["with_helpers_runs_s"] = Numbers(j.HelperRuns),
            ["ratio"] = j.Ratio,
            ["leases"] = j.Leases.DeepClone(),
        }).ToArray()),
        ["foreground_alone"] = Alone,
        ["foreground_beside_lane"] = BesideLane,
        ["foreground_beside_helpers"] = BesideHelpers,
        ["foreground_runs"] = new JsonObject
        {
            ["alone"] = Numbers(AloneRuns),
            ["beside_lane"] = Numbers(BesideLaneRuns),
            ["beside_helpers"] = Numbers(BesideHelperRuns),
        },
        ["loss_beside_lane_percent"] = LossBesideLane,
        ["loss_beside_helpers_percent"] = LossBesideHelpers,
        ["extra_loss_from_helpers_points"] = ExtraLossFromHelpers,
        ["cluster"] = Cluster?.ToJson(),
        ["holds"] = Holds,
    };

    private static JsonArray Numbers(IEnumerable<double> samples) => new(samples.Select(s => (JsonNode)s).ToArray());
}
