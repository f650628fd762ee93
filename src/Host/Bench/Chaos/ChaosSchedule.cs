namespace Engine.Host.Bench.Chaos;

public enum FaultKind
{
    /// <summary>The member's actor system dies without a goodbye (as SIGKILL).</summary>
    Kill,

    /// <summary>The member's helpers stop for a while, then go on (as SIGSTOP, then SIGCONT).</summary>
    Freeze,

    /// <summary>The member's helpers run several times slower from then on.</summary>
    Slow,

    /// <summary>The member's caps drop to one helper for a while, mid-job.</summary>
    LowerCaps,

    /// <summary>The member's process is cut off from the other members (packets dropped both ways), then healed.</summary>
    Partition,

    /// <summary>The member's process gets a slow, lossy link for a while (delay or a rate limit, and packet loss).</summary>
    SlowLink,

    /// <summary>The member's whole process stops (SIGSTOP), then goes on (SIGCONT); long enough, it is downed and rejoins.</summary>
    StopProcess,
}

/// <param name="Member">0 is the submitters' member and is never harmed; faults hit 1 and 2.</param>
public sealed record Fault(FaultKind Kind, int Member, TimeSpan At, TimeSpan For);

/// <param name="Coordinator">The member whose coordinator runs the job.</param>
/// <param name="FailAtChunk">A chunk that throws, or -1.</param>
/// <param name="CancelAt">When the submitter cancels it, or null.</param>
public sealed record ChaosJob(string Tag, bool Undoing, long Size, int Coordinator, long FailAtChunk, TimeSpan? CancelAt);

/// <summary>
/// One randomized schedule of jobs and faults, the same for the same seed: a failing seed replays. A schedule is
/// either of members in this process (kill, freeze, slow helpers, lower caps) or, one in three, of `node`
/// processes in network namespaces (partition, slow link, SIGSTOP of the process).
/// </summary>
public sealed record ChaosSchedule(int Seed, IReadOnlyList<ChaosJob> Jobs, IReadOnlyList<Fault> Faults)
{
    public const int Members = 3;

    private static readonly FaultKind[] InProcessKinds = [FaultKind.Kill, FaultKind.Freeze, FaultKind.Slow, FaultKind.LowerCaps];
    private static readonly FaultKind[] NetworkKinds = [FaultKind.Partition, FaultKind.SlowLink, FaultKind.StopProcess];

    /// <summary>Its faults need member processes on a network of their own (<see cref="ChaosNetwork"/>).</summary>
    public bool OnNetwork => Faults.Any(f => NetworkKinds.Contains(f.Kind));

    /// <summary>Members whose faults may cost them their membership, and with it the jobs they coordinate.</summary>
    public IReadOnlySet<int> MayLoseMembership => Faults.Where(f => f.Kind is FaultKind.Kill || NetworkKinds.Contains(f.Kind))
        .Select(f => f.Member).ToHashSet();

    public static ChaosSchedule Make(int seed)
    {
        var random = new Random(seed);
        var jobs = Enumerable.Range(0, random.Next(2, 5)).Select(i => new ChaosJob(
            $"s{seed}-j{i}",
            Undoing: random.Next(2) == 0,
            Size: random.Next(400, 1_200) * 1_000L,
            Coordinator: random.Next(Members),
            FailAtChunk: random.Next(5) == 0 ? random.Next(0, 16) : -1,
            CancelAt: random.Next(6) == 0 ? TimeSpan.FromMilliseconds(random.Next(100, 1_500)) : null)).ToArray();
        var network = random.Next(3) == 0;
        var kinds = network ? NetworkKinds : InProcessKinds;
        // Network faults all hit one member: two members cut off at once would leave no side a majority, and
        // keep-majority would then down every member (the README says what an operator does then).
        var victim = random.Next(1, Members);
        var faults = Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
        {
            var kind = kinds[random.Next(kinds.Length)];
            // Network faults last from under the failure detector's pause to past the downing (3 s + 5 s stable).
            var lasting = network ? random.Next(1_000, 14_000) : random.Next(500, 3_000);
            return new Fault(kind, network ? victim : random.Next(1, Members), TimeSpan.FromMilliseconds(random.Next(100, 1_500)),
                TimeSpan.FromMilliseconds(lasting));
        }).ToArray();
        return new ChaosSchedule(seed, jobs, faults);
    }
}
