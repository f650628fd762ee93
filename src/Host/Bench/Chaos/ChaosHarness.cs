namespace Engine.Host.Bench.Chaos;

using Engine.Actors;
using Engine.Jobs;

/// <summary>
/// Runs randomized schedules of jobs and faults on a three-member cluster (ActorSystems of this process on
/// loopback, or member processes in network namespaces for partitions, slow links and SIGSTOP) and checks, after
/// each, what must hold whatever happened: a completed job has the single-host result with every chunk counted once
/// and nothing undone; a failed job failed for a reason its schedule explains (its chunk threw, it was
/// cancelled, its coordinator's member died or was cut off) and undid each chunk it counted exactly once; the caps, sampled on
/// every member all along, were never exceeded; no job outlived its deadline; no helper stayed attached.
/// </summary>
public static class ChaosHarness
{
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan NetworkFormation = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan JobDeadline = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(20);
    /// <summary>Generous: beside busy programs a helper may take seconds to report home; one never coming back still shows.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(60);

    /// <summary>Generous: a downed member's old incarnation must stop (its chunks are cancelled after 20 s) before the new one joins.</summary>
    private static readonly TimeSpan Rejoin = TimeSpan.FromSeconds(120);

    public static async Task<ChaosReport> RunAsync(int schedules, int seed, TextWriter log, CancellationToken cancellation)
    {
        var outcomes = new List<ScheduleOutcome>();
        for (var i = 0; i < schedules; i++)
        {
            var schedule = ChaosSchedule.Make(seed + i);
            log.WriteLine($"chaos: schedule {schedule.Seed}{(schedule.OnNetwork ? " (member processes in network namespaces)" : "")}: "
                + $"{schedule.Jobs.Count} job(s), faults {string.Join(", ", schedule.Faults.Select(f => $"{f.Kind} member {f.Member} at {f.At.TotalSeconds:0.0}s for {f.For.TotalSeconds:0.0}s"))}");
            var outcome = await RunAsync(schedule, cancellation);
            foreach (var answer in outcome.Answers)
                log.WriteLine($"chaos: schedule {schedule.Seed}: {answer}");
            if (schedule.OnNetwork && outcome.Skipped is null)
                log.WriteLine($"chaos: schedule {schedule.Seed}: members downed {outcome.Downings} time(s), rejoined {outcome.Rejoins}");
            foreach (var problem in outcome.Problems)
                log.WriteLine($"chaos: schedule {schedule.Seed}: {problem}");
            if (outcome.Skipped is { } skipped)
                log.WriteLine($"chaos: schedule {schedule.Seed} skipped: {skipped}");
            outcomes.Add(outcome);
        }
        return new ChaosReport(seed, outcomes);
    }

    /// <param name="networkUnavailable">Why network namespaces cannot be made here, or null; default <see cref="ChaosNetwork.Unavailable"/>.</param>
    public static async Task<ScheduleOutcome> RunAsync(ChaosSchedule schedule, CancellationToken cancellation,
        Func<string?>? networkUnavailable = null)
    {
        var outcome = new ScheduleOutcome(schedule.Seed, schedule.Faults.Count, schedule.Jobs.Count, schedule.OnNetwork);
        if (schedule.OnNetwork && (networkUnavailable ?? ChaosNetwork.Unavailable)() is { } unavailable)
        {
            outcome.Skipped = $"its faults ({string.Join(", ", schedule.Faults.Select(f => f.Kind).Distinct())}) need network namespaces: {unavailable}";
            return outcome;
        }
        await using IChaosCluster cluster = schedule.OnNetwork
            ? await NetworkChaosCluster.StartAsync(NetworkFormation, cancellation)
            : await ChaosCluster.StartAsync(new ChaosLedger(), Formation);
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var sampling = SampleCapsAsync(cluster, outcome, done.Token);
        var runs = schedule.Jobs.Select(job => (Job: job, Run: Submit(cluster, job, cancellation))).ToArray();
        var faults = schedule.Faults.Select(f => cluster.InjectAsync(f, cancellation)).ToArray();

        var all = Task.WhenAll(runs.Select(r => r.Run.Task));
        await Task.WhenAny(all, Task.Delay(JobDeadline + Grace, cancellation));
        var answered = runs.Select(r => r.Run.Task.IsCompleted).ToArray();
        await Task.WhenAll(faults);
        if (cluster is NetworkChaosCluster network)
        {
            if (await network.MembershipRestoredAsync(Rejoin, cancellation) is { } membership)
                outcome.Membership.Add(membership);
            outcome.Rejoins = network.Rejoins;
            outcome.Downings = network.Downings;
        }
        await HelpersDetachedAsync(cluster, outcome, cancellation);
        var ledger = cluster.Ledger();
        for (var i = 0; i < runs.Length; i++)
            Judge(runs[i].Job, answered[i] ? runs[i].Run.Task : null, ledger, schedule.MayLoseMembership, outcome);
        await done.CancelAsync();
        await sampling;
        foreach (var (_, run) in runs)
            run.Cancellation.Dispose();
        return outcome;
    }

    private static (Task<JobResult> Task, CancellationTokenSource Cancellation) Submit(IChaosCluster cluster, ChaosJob job, CancellationToken cancellation)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (job.CancelAt is { } at)
            cancel.CancelAfter(at);
        var spec = new JobSpec(job.Undoing ? ChaosKernel.Undoing : ChaosKernel.Pure, 0, job.Size, minChunk: 1_000,
            arguments: new ChaosArgs(job.Tag, job.FailAtChunk), timeout: JobDeadline);
        return (cluster.RunAsync(job.Coordinator, spec, cancel.Token), cancel);
    }

    /// <param name="mayBeLost">Members whose faults may cost them their membership, and the jobs they coordinate.</param>
    /// <param name="run">The job's answer, or null when none came by its deadline and grace.</param>
    private static void Judge(ChaosJob job, Task<JobResult>? run, ChaosLedger ledger, IReadOnlySet<int> mayBeLost, ScheduleOutcome outcome)
    {
        var undone = ledger.UndoneOf(job.Tag);
        var completed = ledger.CompletedOf(job.Tag);
        if (run is null)
        {
            outcome.Hung.Add($"{job.Tag}: no answer {JobDeadline + Grace} after it was submitted");
            return;
        }
        outcome.Answers.Add(run.IsCompletedSuccessfully ? $"{job.Tag}: completed"
            : $"{job.Tag}: {(run.Exception?.InnerException as JobFailedException)?.Kind.ToString() ?? "no answer"}: {run.Exception?.InnerException?.Message}");
        if (run.IsCompletedSuccessfully)
        {
            var statistics = run.Result.Statistics;
            if (!Equals(run.Result.Value, ChaosDigest.Of(0, job.Size)))
                outcome.Wrong.Add($"{job.Tag}: completed with a wrong result");
            else if (statistics.ChunksPerMember.Values.Sum() != statistics.Chunks)
                outcome.Wrong.Add($"{job.Tag}: {statistics.ChunksPerMember.Values.Sum()} chunks counted of {statistics.Chunks}");
            else if (undone.Count > 0)
                outcome.Wrong.Add($"{job.Tag}: completed, yet {undone.Count} chunk(s) were undone");
            else
                outcome.Completed++;
            return;
        }
        if (run.Exception?.InnerException is not JobFailedException failure)
        {
            outcome.Lost.Add($"{job.Tag}: ended without an answer: {run.Exception?.InnerException?.Message}");
            return;
        }
        var coordinatorLost = mayBeLost.Contains(job.Coordinator);
        var explained = failure.Kind switch
        {
            JobFailureKind.ChunkFailed => job.FailAtChunk >= 0 && failure.Message.Contains("fails by design"),
            JobFailureKind.Cancelled => job.CancelAt is not null,
            JobFailureKind.CoordinatorLost => coordinatorLost,
            _ => false,
        };
        if (failure.Kind == JobFailureKind.TimedOut)
            outcome.Hung.Add($"{job.Tag}: timed out after {JobDeadline}");
        else if (!explained)
            outcome.Wrong.Add($"{job.Tag}: failed without a reason its schedule explains: {failure.Kind}: {failure.Message}");
        else if (undone.Any(u => u.Value != 1))
            outcome.Wrong.Add($"{job.Tag}: chunk(s) {string.Join(", ", undone.Where(u => u.Value != 1).Select(u => $"#{u.Key} x{u.Value}"))} undone more than once");
        else if (undone.Keys.Any(c => !completed.ContainsKey(c)))
            outcome.Wrong.Add($"{job.Tag}: a chunk that never completed was undone");
        else if (job.Undoing && mayBeLost.Count == 0 && !completed.Keys.Order().SequenceEqual(undone.Keys.Order()))
            outcome.Wrong.Add($"{job.Tag}: {completed.Count} chunk(s) completed but {undone.Count} undone");
        else
            outcome.FailedAsExplained++;
    }

    /// <summary>Every live member's throttler, sampled all along: helpers running never above its caps.</summary>
    private static async Task SampleCapsAsync(IChaosCluster cluster, ScheduleOutcome outcome, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            for (var i = 0; i < ChaosSchedule.Members; i++)
            {
                if (!cluster.IsAlive(i) || await cluster.StateOf(i) is not { } state)
                    continue;
                // Helpers sent away by lowered caps finish their span first: only those that stay count against the caps.
                if (state.RunningTotal - state.LeavingTotal > state.Caps.Global
                    || state.RunningPerNode.Any(n => n.Value - state.Leaving(n.Key) > state.Caps.ForNode(n.Key)))
                    outcome.CapViolations.Add($"member {i}: {state.RunningTotal} helpers running ({state.LeavingTotal} leaving) under caps {state.Caps}");
                outcome.CapSamples++;
            }
            try
            {
                await Task.Delay(50, cancellation);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task HelpersDetachedAsync(IChaosCluster cluster, ScheduleOutcome outcome, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (true)
        {
            var busy = new List<string>();
            for (var i = 0; i < ChaosSchedule.Members; i++)
                if (cluster.IsAlive(i) && await cluster.StateOf(i) is { } state && (state.RunningTotal > 0 || state.OpenJobs > 0))
                    busy.Add($"member {i}: {state.RunningTotal} helper(s) attached, {state.OpenJobs} job(s) open");
            if (busy.Count == 0)
                return;
            if (DateTime.UtcNow > deadline)
            {
                outcome.HelpersLeft.AddRange(busy);
                return;
            }
            await Task.Delay(200, cancellation);
        }
    }
}
