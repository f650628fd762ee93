namespace Engine.Host.Bench.Chaos;

using Akka.Actor;
using Engine.Actors;
using Engine.Actors.Throttling;
using Engine.Jobs;
using Engine.Throttling;

/// <summary>
/// Runs randomized schedules of jobs and faults on a three-member loopback cluster and checks, after each,
/// what must hold whatever happened: a completed job has the single-host result with every chunk counted once
/// and nothing undone; a failed job failed for a reason its schedule explains (its chunk threw, it was
/// cancelled, its coordinator's member died) and undid each chunk it counted exactly once; the caps, sampled on
/// every member all along, were never exceeded; no job outlived its deadline; no helper stayed attached.
/// </summary>
public static class ChaosHarness
{
    private static readonly TimeSpan Formation = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan JobDeadline = TimeSpan.FromSeconds(40);
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(15);
    private static readonly HelperCaps MemberCaps = new(new Dictionary<int, int> { [0] = 2 }, 2);
    private static readonly HelperCaps LoweredCaps = new(new Dictionary<int, int> { [0] = 1 }, 1);

    public static async Task<ChaosReport> RunAsync(int schedules, int seed, TextWriter log, CancellationToken cancellation)
    {
        var outcomes = new List<ScheduleOutcome>();
        for (var i = 0; i < schedules; i++)
        {
            var schedule = ChaosSchedule.Make(seed + i);
            log.WriteLine($"chaos: schedule {schedule.Seed}: {schedule.Jobs.Count} job(s), faults {string.Join(", ", schedule.Faults.Select(f => $"{f.Kind} member {f.Member} at {f.At.TotalSeconds:0.0}s"))}");
            var outcome = await RunAsync(schedule, cancellation);
            foreach (var problem in outcome.Problems)
                log.WriteLine($"chaos: schedule {schedule.Seed}: {problem}");
            outcomes.Add(outcome);
        }
        return new ChaosReport(seed, outcomes);
    }

    public static async Task<ScheduleOutcome> RunAsync(ChaosSchedule schedule, CancellationToken cancellation)
    {
        var ledger = new ChaosLedger();
        var outcome = new ScheduleOutcome(schedule.Seed, schedule.Faults.Count, schedule.Jobs.Count);
        await using var cluster = await ChaosCluster.StartAsync(ledger, Formation);
        var killed = new HashSet<int>();
        using var done = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var sampling = SampleCapsAsync(cluster, outcome, done.Token);
        var runs = schedule.Jobs.Select(job => (Job: job, Run: Submit(cluster, job, cancellation))).ToArray();
        var faults = schedule.Faults.Select(f => InjectAsync(cluster, f, killed, cancellation)).ToArray();

        var all = Task.WhenAll(runs.Select(r => r.Run.Task));
        await Task.WhenAny(all, Task.Delay(JobDeadline + Grace, cancellation));
        await Task.WhenAll(faults);
        foreach (var (job, run) in runs)
            Judge(job, run.Task, ledger, killed, outcome);
        await HelpersDetachedAsync(cluster, outcome, cancellation);
        await done.CancelAsync();
        await sampling;
        foreach (var (_, run) in runs)
            run.Cancellation.Dispose();
        return outcome;
    }

    private static (Task<JobResult> Task, CancellationTokenSource Cancellation) Submit(ChaosCluster cluster, ChaosJob job, CancellationToken cancellation)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        if (job.CancelAt is { } at)
            cancel.CancelAfter(at);
        var spec = new JobSpec(job.Undoing ? ChaosKernel.Undoing : ChaosKernel.Pure, 0, job.Size, minChunk: 1_000,
            arguments: new ChaosArgs(job.Tag, job.FailAtChunk), timeout: JobDeadline);
        var coordinator = WorkEngine.Get(cluster.Members[job.Coordinator]).Coordinator;
        return (JobSubmission.RunAsync(cluster.Members[0], coordinator, spec, cancellation: cancel.Token), cancel);
    }

    private static async Task InjectAsync(ChaosCluster cluster, Fault fault, HashSet<int> killed, CancellationToken cancellation)
    {
        await Task.Delay(fault.At, cancellation);
        var member = cluster.Members[fault.Member];
        var faults = cluster.Faults[fault.Member];
        switch (fault.Kind)
        {
            case FaultKind.Kill:
                lock (killed)
                    killed.Add(fault.Member);
                faults.Thaw();
                await member.Terminate();
                break;
            case FaultKind.Freeze:
                faults.Freeze();
                await Task.Delay(fault.For, cancellation);
                faults.Thaw();
                break;
            case FaultKind.Slow:
                faults.Slow(4);
                break;
            case FaultKind.LowerCaps when cluster.IsAlive(fault.Member):
                WorkEngine.Get(member).Throttler.Tell(new UpdateCaps(LoweredCaps));
                await Task.Delay(fault.For, cancellation);
                if (cluster.IsAlive(fault.Member))
                    WorkEngine.Get(member).Throttler.Tell(new UpdateCaps(MemberCaps));
                break;
        }
    }

    private static void Judge(ChaosJob job, Task<JobResult> run, ChaosLedger ledger, HashSet<int> killed, ScheduleOutcome outcome)
    {
        var undone = ledger.UndoneOf(job.Tag);
        var completed = ledger.CompletedOf(job.Tag);
        if (!run.IsCompleted)
        {
            outcome.Hung.Add($"{job.Tag}: no answer {JobDeadline + Grace} after it was submitted");
            return;
        }
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
        bool coordinatorKilled;
        lock (killed)
            coordinatorKilled = killed.Contains(job.Coordinator);
        var explained = failure.Kind switch
        {
            JobFailureKind.ChunkFailed => job.FailAtChunk >= 0 && failure.Message.Contains("fails by design"),
            JobFailureKind.Cancelled => job.CancelAt is not null,
            JobFailureKind.CoordinatorLost => coordinatorKilled,
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
        else if (job.Undoing && !coordinatorKilled && killed.Count == 0 && !completed.Keys.Order().SequenceEqual(undone.Keys.Order()))
            outcome.Wrong.Add($"{job.Tag}: {completed.Count} chunk(s) completed but {undone.Count} undone");
        else
            outcome.FailedAsExplained++;
    }

    /// <summary>Every live member's throttler, sampled all along: helpers running never above its caps.</summary>
    private static async Task SampleCapsAsync(ChaosCluster cluster, ScheduleOutcome outcome, CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            for (var i = 0; i < cluster.Members.Count; i++)
            {
                if (!cluster.IsAlive(i) || await StateOf(cluster, i) is not { } state)
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

    private static async Task HelpersDetachedAsync(ChaosCluster cluster, ScheduleOutcome outcome, CancellationToken cancellation)
    {
        var deadline = DateTime.UtcNow + Settle;
        while (true)
        {
            var busy = new List<string>();
            for (var i = 0; i < cluster.Members.Count; i++)
                if (cluster.IsAlive(i) && await StateOf(cluster, i) is { } state && (state.RunningTotal > 0 || state.OpenJobs > 0))
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

    private static async Task<ThrottlerState?> StateOf(ChaosCluster cluster, int member)
    {
        try
        {
            return await WorkEngine.Get(cluster.Members[member]).Throttler.Ask<ThrottlerState>(GetThrottlerState.Instance, TimeSpan.FromSeconds(2));
        }
        catch (Exception e) when (e is AskTimeoutException or TaskCanceledException or InvalidOperationException)
        {
            return null;
        }
    }
}
