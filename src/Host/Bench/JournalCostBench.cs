namespace Engine.Host.Bench;

using System.Diagnostics;
using System.Text.Json.Nodes;
using Akka.Configuration;
using Engine.Actors;
using Engine.Jobs;
using Engine.Kernels.BuiltIn.Burn;
using Engine.Kernels.BuiltIn.Hash;

/// <summary>One kernel's jobs with the journal off and on, timed in turns in the same run.</summary>
public sealed record JournalCostRow(string Kernel, long Size, double OffMeanSeconds, double OnMeanSeconds, long Chunks)
{
    /// <summary>Journalled time over plain time: above 1, the ledger costs that share.</summary>
    public double Ratio => OnMeanSeconds / OffMeanSeconds;
}

/// <summary>
/// What a job's ledger costs (`engine.journal.mode = sqlite` against `off`): `hash` 4 GiB and `burn` 3e6, each
/// timed in turns on two engines of this process, one journalling into a fresh state folder, after a warm-up
/// of each. Every journalled run must say it was journalled, or the figure would be of nothing.
/// </summary>
public static class JournalCostBench
{
    /// <summary>The jobs of the issue's figure.</summary>
    public static readonly IReadOnlyList<(string Kernel, long Size)> Jobs = [(HashKernel.Name, 4L << 30), (BurnKernel.Name, 3_000_000)];

    /// <param name="repeats">Timed runs of each engine per job; 0 measures nothing.</param>
    public static async Task<IReadOnlyList<JournalCostRow>> MeasureAsync(IReadOnlyList<(string Kernel, long Size)> jobs, int repeats,
        TextWriter log, CancellationToken cancellation)
    {
        if (repeats == 0)
            return [];
        var stateDir = Path.Combine(Path.GetTempPath(), $"engine-bench-journal-{Guid.NewGuid():N}");
        try
        {
            await using var off = EngineProcess.Start(ConfigurationFactory.ParseString("engine.journal.mode = off"));
            await using var on = EngineProcess.Start(ConfigurationFactory.ParseString(
                $"engine.journal.mode = sqlite\nengine.state-dir = {HoconString.Quote(stateDir)}"));
            var rows = new List<JournalCostRow>();
            foreach (var (kernel, size) in jobs)
            {
                var spec = BuiltInJobs.Spec(new RunOptions(kernel, size, null, null, null, Placement.AnyNode, null, null, 0, false));
                log.WriteLine($"bench: journal off against on ({kernel}, {size:N0} {BuiltInJobs.Unit(kernel)}, {repeats} run(s) each)");
                await Time(off, spec, journaled: false, cancellation);
                await Time(on, spec, journaled: true, cancellation);
                var (offSeconds, onSeconds) = (new List<double>(), new List<double>());
                long chunks = 0;
                for (var run = 0; run < repeats; run++)
                {
                    offSeconds.Add((await Time(off, spec, journaled: false, cancellation)).Seconds);
                    var (seconds, statistics) = await Time(on, spec, journaled: true, cancellation);
                    onSeconds.Add(seconds);
                    chunks = statistics.Chunks;
                }
                rows.Add(new JournalCostRow(kernel, size, BenchStatistics.Mean(offSeconds), BenchStatistics.Mean(onSeconds), chunks));
            }
            return rows;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(stateDir))
                Directory.Delete(stateDir, recursive: true);
        }
    }

    public static JsonArray ToJson(IReadOnlyList<JournalCostRow> rows) => new([.. rows.Select(r => (JsonNode)new JsonObject
    {
        ["kernel"] = r.Kernel,
        ["size"] = r.Size,
        ["chunks"] = r.Chunks,
        ["off_mean_s"] = Math.Round(r.OffMeanSeconds, 6),
        ["on_mean_s"] = Math.Round(r.OnMeanSeconds, 6),
        ["ratio"] = Math.Round(r.Ratio, 4),
    })]);

    public static IEnumerable<string> ToText(IReadOnlyList<JournalCostRow> rows) => rows.Select(r =>
        $"journal: {r.Kernel} {r.Size:N0} {BuiltInJobs.Unit(r.Kernel)} ({r.Chunks:N0} chunks): off {r.OffMeanSeconds:0.000} s, "
        + $"on {r.OnMeanSeconds:0.000} s, on / off {r.Ratio:0.000}");

    private static async Task<(double Seconds, JobStatistics Statistics)> Time(EngineProcess process, JobSpec spec, bool journaled,
        CancellationToken cancellation)
    {
        var clock = Stopwatch.StartNew();
        var result = await process.Engine.RunAsync(spec, cancellation);
        var seconds = clock.Elapsed.TotalSeconds;
        if (result.Statistics.Journaled != journaled)
            throw new InvalidOperationException($"a {spec.Kernel} job with the journal {(journaled ? "on" : "off")} was {(result.Statistics.Journaled ? "" : "not ")}journalled");
        return (seconds, result.Statistics);
    }
}
