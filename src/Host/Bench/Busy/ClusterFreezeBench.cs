namespace Engine.Host.Bench.Busy;

using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Configuration;
using Engine.Actors;
using Engine.Actors.Cluster;
using Engine.Host.Cluster;
using Engine.Jobs;
using Engine.Kernels.BuiltIn.Burn;

/// <param name="Size">Items of the burn job.</param>
/// <param name="FreezeSeconds">How long the frozen member stays stopped (SIGSTOP, then SIGCONT).</param>
/// <param name="AbsentSeconds">Mean job time on the cluster without that member (two members).</param>
/// <param name="FrozenSeconds">Mean job time on three members, one of them frozen mid-job while it helped.</param>
/// <param name="Frozen">How the last frozen run went: chunks per member, late spans, copies.</param>
/// <param name="SameResult">Every run gave the same burn result.</param>
public sealed record ClusterFreezeRow(long Size, double FreezeSeconds, double AbsentSeconds, double FrozenSeconds, JsonObject Frozen,
    bool SameResult)
{
    /// <summary>Job time with the member frozen over job time with it absent: 1 means the freeze cost nothing.</summary>
    public double Ratio => FrozenSeconds / AbsentSeconds;

    public string ToText() =>
        $"cluster: burn {Size:N0} on 3 members, one frozen {FreezeSeconds:0} s mid-job: {FrozenSeconds:0.000} s; that member absent (2 members): "
        + $"{AbsentSeconds:0.000} s; ratio {Ratio:0.00}; {string.Join(" ", Frozen.Where(p => p.Key != "chunks_per_member").Select(p => $"{p.Key}={p.Value}"))}"
        + (SameResult ? "" : "; RESULTS DIFFER");

    public JsonObject ToJson() => new()
    {
        ["kernel"] = "burn",
        ["size"] = Size,
        ["freeze_s"] = FreezeSeconds,
        ["absent_s"] = AbsentSeconds,
        ["frozen_s"] = FrozenSeconds,
        ["ratio"] = Ratio,
        ["frozen_run"] = Frozen.DeepClone(),
        ["same_result"] = SameResult,
    };
}

/// <summary>
/// A member frozen mid-job must not hold the job up: a `burn` job coordinated by this process on a loopback cluster
/// with two `node` children, one of which is stopped (SIGSTOP) as soon as it helps and continued (SIGCONT) after the
/// freeze, against the same job on this process and one child (the frozen member absent). Leases hand the frozen
/// member's spans to the others once they are late; the failure detector may also remove it (it then rejoins).
/// </summary>
public static class ClusterFreezeBench
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The measuring member is the oldest and keeps itself: under keep-majority, one member frozen on purpose and
    /// another's heartbeats late on a loaded machine would make it a minority of one, and it would down itself mid-job.
    /// </summary>
    private static readonly Config MeasuringMember = ConfigurationFactory.ParseString("""
        akka.cluster.split-brain-resolver {
          active-strategy = keep-oldest
          keep-oldest.down-if-alone = off
        }
        """);

    public static async Task<ClusterFreezeRow> RunAsync(long size, TimeSpan freeze, int repeats, TextWriter log, CancellationToken cancellation)
    {
        var spec = new JobSpec(BurnKernel.Name, 0, size, minChunk: 1, arguments: new BurnArgs(BurnArgs.DefaultRounds));
        var absent = new List<double>();
        var frozen = new List<double>();
        var results = new HashSet<object?>();
        JsonObject last = [];
        for (var i = 0; i < repeats; i++)
        {
            log.WriteLine($"busy: cluster run {i + 1} of {repeats}: burn --size {size} on 2 members (the third absent)");
            await using (var pair = await LocalCluster.Start(childMembers: 1, MeasuringMember, cancellation: cancellation))
            {
                var result = await pair.Self.Engine.RunAsync(spec, cancellation);
                absent.Add(result.Statistics.Elapsed.TotalSeconds);
                results.Add(result.Value);
            }
            log.WriteLine($"busy: cluster run {i + 1} of {repeats}: the same on 3 members, one frozen for {freeze.TotalSeconds:0} s once it helps");
            await using var trio = await LocalCluster.Start(childMembers: 2, MeasuringMember, cancellation: cancellation);
            var (victim, address) = trio.Children[^1];
            var job = trio.Self.Engine.RunAsync(spec, cancellation);
            var thawed = FreezeWhenHelpingAsync(trio.Self.System, victim.HostPid(), address, freeze, job, log, cancellation);
            var run = await job;
            var froze = await thawed;
            frozen.Add(run.Statistics.Elapsed.TotalSeconds);
            results.Add(run.Value);
            var s = run.Statistics;
            last = new JsonObject
            {
                ["froze_while_helping"] = froze.Froze,
                ["ended_while_frozen"] = froze.EndedWhileFrozen,
                ["late_spans"] = s.LateSpans,
                ["copies"] = s.Copies,
                ["copies_won"] = s.CopiesWon,
                ["requeued"] = s.Requeued,
                ["duplicates_dropped"] = s.DuplicatesDropped,
                ["chunks_per_member"] = new JsonObject(s.ChunksPerMember.OrderBy(m => m.Key, StringComparer.Ordinal)
                    .Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
            };
        }
        return new ClusterFreezeRow(size, freeze.TotalSeconds, absent.Average(), frozen.Average(), last, results.Count == 1);
    }

    /// <summary>Stops the member once it runs a helper on the job, continues it after <paramref name="freeze"/>.</summary>
    private static async Task<Freeze> FreezeWhenHelpingAsync(ActorSystem system, int pid, Address member, TimeSpan freeze, Task job,
        TextWriter log, CancellationToken cancellation)
    {
        var engineMember = system.ActorSelection(EngineActorNames.PathAt(member, EngineActorNames.Member));
        while (!job.IsCompleted)
        {
            try
            {
                var report = await engineMember.Ask<MemberReport>(GetMemberReport.Instance, AskTimeout, cancellation);
                if (report.Throttler is { RunningTotal: > 0 })
                    break;
            }
            catch (AskTimeoutException)
            {
                // Busy or still starting: asked again.
            }
            await Task.Delay(50, cancellation);
        }
        if (job.IsCompleted)
        {
            log.WriteLine($"busy: the job ended before {member} helped; nothing was frozen");
            return new Freeze(false, false);
        }
        ProcessSignal.Stop(pid);
        try
        {
            // Continued early only once the job has ended: what comes after cannot change its time.
            await Task.WhenAny(job, Task.Delay(freeze, cancellation));
            return new Freeze(true, job.IsCompleted);
        }
        finally
        {
            ProcessSignal.Continue(pid);
        }
    }

    /// <param name="Froze">The member was stopped while it helped (not when the job had already ended).</param>
    /// <param name="EndedWhileFrozen">The job ended before the member was continued: it did not wait for it.</param>
    public sealed record Freeze(bool Froze, bool EndedWhileFrozen);
}
