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
}

/// <param name="Member">0 is the submitters' member and is never harmed; faults hit 1 and 2.</param>
public sealed record Fault(FaultKind Kind, int Member, TimeSpan At, TimeSpan For);

/// <param name="Coordinator">The member whose coordinator runs the job.</param>
/// <param name="FailAtChunk">A chunk that throws, or -1.</param>
/// <param name="CancelAt">When the submitter cancels it, or null.</param>
public sealed record ChaosJob(string Tag, bool Undoing, long Size, int Coordinator, long FailAtChunk, TimeSpan? CancelAt);

/// <summary>One randomized schedule of jobs and faults, the same for the same seed: a failing seed replays.</summary>
public sealed record ChaosSchedule(int Seed, IReadOnlyList<ChaosJob> Jobs, IReadOnlyList<Fault> Faults)
{
    public const int Members = 3;

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
        var faults = Enumerable.Range(0, random.Next(1, 4)).Select(_ =>
        {
            var kind = (FaultKind)random.Next(Enum.GetValues<FaultKind>().Length);
            return new Fault(kind, random.Next(1, Members), TimeSpan.FromMilliseconds(random.Next(100, 1_500)),
                TimeSpan.FromMilliseconds(random.Next(500, 3_000)));
        }).ToArray();
        return new ChaosSchedule(seed, jobs, faults);
    }
}
