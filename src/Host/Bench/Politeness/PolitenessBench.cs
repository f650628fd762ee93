namespace Engine.Host.Bench.Politeness;

using System.Globalization;

/// <param name="Seconds">How long the foreground runs each time.</param>
/// <param name="Threads">Busy foreground threads, and helpers of the background engine (one per CPU).</param>
public sealed record PolitenessOptions(TimeSpan Seconds, int Threads);

/// <summary>
/// "Helper threads run at MAX_NICE to avoid system disturbance", measured: a CPU-bound foreground runs alone,
/// then beside an engine job whose helpers could fill every CPU, in each <see cref="PolitenessScenario"/>; the
/// loss is the foreground's throughput given up. The engine runs as a daemon would (its lanes like helpers),
/// so every engine thread that runs chunks is held to the policy under test.
/// </summary>
public static class PolitenessBench
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan EngineWarmUp = TimeSpan.FromSeconds(2);

    public static async Task<PolitenessReport> RunAsync(PolitenessOptions options, TextWriter log, CancellationToken cancellation)
    {
        log.WriteLine($"politeness: foreground alone ({options.Threads} thread(s), {options.Seconds.TotalSeconds:0} s)");
        var aloneBefore = await ForegroundAsync(options, ownSession: false, cancellation);
        var besides = new Dictionary<string, double>();
        var observed = new List<PolicyLine>();
        foreach (var scenario in PolitenessScenario.All)
        {
            log.WriteLine($"politeness: {scenario.Description}");
            using var engine = StartEngine(scenario, options.Threads);
            await engine.FirstLineAsync(StartTimeout, cancellation);
            await Task.Delay(EngineWarmUp, cancellation);
            observed.Add(new PolicyLine(scenario.Key, ThreadCensus.Describe(engine.HostPid())));
            besides[scenario.Key] = await ForegroundAsync(options, scenario.ForegroundOwnSession, cancellation);
        }
        var aloneAfter = await ForegroundAsync(options, ownSession: false, cancellation);
        // Against the mean of before and after, so a machine that slowed down meanwhile is not blamed on the engine.
        var alone = (aloneBefore + aloneAfter) / 2;
        var losses = besides.ToDictionary(b => b.Key, b => BenchStatistics.LossPercent(alone, b.Value));
        return new PolitenessReport(options.Threads, options.Seconds.TotalSeconds, alone, losses, observed);
    }

    private static HostChild StartEngine(PolitenessScenario scenario, int threads)
    {
        var caps = threads.ToString(CultureInfo.InvariantCulture);
        var environment = new Dictionary<string, string>(scenario.Engine)
        {
            ["ENGINE_CAPS_PER_NODE"] = caps,
            ["ENGINE_CAPS_GLOBAL"] = caps,
            ["ENGINE_LANE_POLICY"] = "helper",
        };
        return HostChild.Start(["run", "burn", "--size", "1e13"], environment, scenario.EngineOwnSession);
    }

    private static async Task<double> ForegroundAsync(PolitenessOptions options, bool ownSession, CancellationToken cancellation)
    {
        using var spin = HostChild.Start(["spin", "--seconds", options.Seconds.TotalSeconds.ToString(CultureInfo.InvariantCulture),
            "--threads", options.Threads.ToString(CultureInfo.InvariantCulture)], new Dictionary<string, string>(), ownSession);
        var line = await spin.FirstLineAsync(options.Seconds + StartTimeout, cancellation);
        await spin.ExitAsync(StartTimeout, cancellation);
        return double.Parse(line, CultureInfo.InvariantCulture);
    }
}
