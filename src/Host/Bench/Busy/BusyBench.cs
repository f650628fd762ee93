namespace Engine.Host.Bench.Busy;

using System.Globalization;
using System.Text.Json.Nodes;

/// <param name="Seconds">How long the foreground runs for each of its rates.</param>
/// <param name="Threads">Busy foreground threads at nice 0: one per CPU, so every CPU is taken.</param>
/// <param name="Jobs">The jobs timed on the busy machine: kernel and size.</param>
/// <param name="Repeats">Runs of each job, lane alone and with helpers alternated, and rounds of the foreground's three rates; medians are compared.</param>
/// <param name="ClusterSize">Items of the cluster row's burn job.</param>
/// <param name="Freeze">How long the cluster row's member is frozen; zero skips the row.</param>
public sealed record BusyOptions(TimeSpan Seconds, int Threads, IReadOnlyList<(string Kernel, long Size)> Jobs, int Repeats,
    long ClusterSize, TimeSpan Freeze);

/// <summary>
/// Both promises on a busy machine, side by side in one run. Every CPU is busy with a foreground at nice 0;
/// a job with helpers must take no longer than the same job on its caller's lane alone (helpers that get no
/// CPU must not hold it up), and the foreground must lose no more beside the job with helpers than beside the
/// lane alone (helpers must not take CPU from it). Each job runs in a child Host, the foreground in another.
/// </summary>
public static class BusyBench
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    public static async Task<BusyReport> RunAsync(BusyOptions options, TextWriter log, CancellationToken cancellation)
    {
        var jobs = new List<BusyJobRow>();
        foreach (var ownSession in new[] { false, true })
            foreach (var (kernel, size) in options.Jobs)
            {
                var where = ownSession ? "another session" : "the same session";
                log.WriteLine($"busy: {kernel} --size {size}, {options.Threads} busy thread(s) in {where}: lane alone, then with helpers");
                using var hogs = Foreground(options.Threads, TimeSpan.FromDays(1), ownSession);
                var lane = new List<double>();
                var helpers = new List<double>();
                JsonObject? leases = null;
                for (var i = 0; i < options.Repeats; i++)
                {
                    lane.Add((await JobSecondsAsync(kernel, size, laneOnly: true, cancellation)).Seconds);
                    var run = await JobSecondsAsync(kernel, size, laneOnly: false, cancellation);
                    helpers.Add(run.Seconds);
                    leases = run.Statistics;
                }
                jobs.Add(new BusyJobRow(kernel, size, ownSession ? "other_session" : "same_session", lane, helpers, leases!));
            }

        // The three rates in turns, so a slow spell of the machine falls on all three alike rather than on one.
        var alone = new List<double>();
        var besideLane = new List<double>();
        var besideHelpers = new List<double>();
        for (var i = 0; i < options.Repeats; i++)
        {
            log.WriteLine($"busy: foreground rate alone, beside the lane alone, beside the job with helpers ({options.Seconds.TotalSeconds:0} s each, "
                + $"another session), round {i + 1} of {options.Repeats}");
            alone.Add(await RateAsync(options, background: null, cancellation));
            besideLane.Add(await RateAsync(options, background: ["--helpers", "1"], cancellation));
            besideHelpers.Add(await RateAsync(options, background: [], cancellation));
        }
        // About a frozen member, not politeness: no foreground, so the members' helpers have the CPUs.
        var cluster = options.Freeze > TimeSpan.Zero
            ? await ClusterFreezeBench.RunAsync(options.ClusterSize, options.Freeze, options.Repeats, log, cancellation)
            : null;
        return new BusyReport(options.Threads, options.Seconds.TotalSeconds, jobs, alone, besideLane, besideHelpers, cluster);
    }

    /// <summary>One job in a child Host; its own elapsed time (not the child's start-up) and how its spans went.</summary>
    private static async Task<(double Seconds, JsonObject Statistics)> JobSecondsAsync(string kernel, long size, bool laneOnly,
        CancellationToken cancellation)
    {
        var args = new List<string> { "run", kernel, "--size", size.ToString(CultureInfo.InvariantCulture), "--json" };
        if (laneOnly)
            args.AddRange(["--helpers", "1"]);
        using var job = HostChild.Start(args, new Dictionary<string, string>(), ownSession: false);
        var exit = await job.ExitAsync(Timeout, cancellation);
        var line = job.Lines.LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"`{string.Join(" ", args)}` printed no result (exit code {exit})");
        var json = JsonNode.Parse(line)!.AsObject();
        var statistics = new JsonObject
        {
            ["taken_back"] = json["taken_back"]?.DeepClone(),
            ["starved_spans"] = json["starved_spans"]?.DeepClone(),
            ["late_spans"] = json["late_spans"]?.DeepClone(),
            ["copies"] = json["copies"]?.DeepClone(),
            ["copies_won"] = json["copies_won"]?.DeepClone(),
            ["chunks_per_node"] = json["chunks_per_node"]?.DeepClone(),
        };
        return (json["elapsed_s"]!.GetValue<double>(), statistics);
    }

    /// <summary>The foreground's rate in another session, alone or beside an endless job (lane alone or with helpers).</summary>
    private static async Task<double> RateAsync(BusyOptions options, IReadOnlyList<string>? background, CancellationToken cancellation)
    {
        using var job = background is null ? null
            : HostChild.Start(["run", "burn", "--size", "1e13", .. background], new Dictionary<string, string>(), ownSession: false);
        if (job is not null)
            await job.FirstLineAsync(Timeout, cancellation);
        using var spin = Foreground(options.Threads, options.Seconds, ownSession: true);
        var line = await spin.FirstLineAsync(options.Seconds + Timeout, cancellation);
        return double.Parse(line, CultureInfo.InvariantCulture);
    }

    private static HostChild Foreground(int threads, TimeSpan seconds, bool ownSession) =>
        HostChild.Start(["spin", "--seconds", seconds.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--threads", threads.ToString(CultureInfo.InvariantCulture)], new Dictionary<string, string>(), ownSession);
}
