namespace Engine.Host.Bench.Chaos;

using System.Text.Json.Nodes;

/// <summary>What one schedule showed; every list holds what went wrong, each with its job or member.</summary>
public sealed class ScheduleOutcome(int seed, int faults, int jobs, bool onNetwork)
{
    public bool OnNetwork { get; } = onNetwork;
    public int Seed { get; } = seed;
    public int Faults { get; } = faults;
    public int Jobs { get; } = jobs;
    public int Completed { get; set; }
    public int FailedAsExplained { get; set; }
    public int CapSamples { get; set; }
    public List<string> Wrong { get; } = [];
    public List<string> Hung { get; } = [];
    public List<string> Lost { get; } = [];
    public List<string> CapViolations { get; } = [];
    public List<string> HelpersLeft { get; } = [];

    /// <summary>Members not Up again once a network schedule's faults were over.</summary>
    public List<string> Membership { get; } = [];

    /// <summary>New incarnations of downed member processes that rejoined.</summary>
    public int Rejoins { get; set; }

    /// <summary>Times the cluster downed or removed a member process.</summary>
    public int Downings { get; set; }

    /// <summary>How each job ended (completed, or failed with its kind and reason), for the log.</summary>
    public List<string> Answers { get; } = [];

    /// <summary>Why the schedule did not run (its faults need what this machine lacks), or null when it ran.</summary>
    public string? Skipped { get; set; }

    public IEnumerable<string> Problems =>
        Wrong.Concat(Hung).Concat(Lost).Concat(CapViolations.Take(3)).Concat(HelpersLeft).Concat(Membership);

    public bool Passed => !Problems.Any();
}

public sealed record ChaosReport(int Seed, IReadOnlyList<ScheduleOutcome> Schedules)
{
    public int Wrong => Schedules.Sum(s => s.Wrong.Count);
    public int Hung => Schedules.Sum(s => s.Hung.Count);
    public int Lost => Schedules.Sum(s => s.Lost.Count);
    public int CapViolations => Schedules.Sum(s => s.CapViolations.Count);
    public int HelpersLeft => Schedules.Sum(s => s.HelpersLeft.Count);
    public bool Passed => Schedules.All(s => s.Passed);
    public IReadOnlyList<ScheduleOutcome> SkippedSchedules => Schedules.Where(s => s.Skipped is not null).ToArray();

    /// <summary>The schedules that ran: a skipped one injected no fault and submitted no job.</summary>
    private IEnumerable<ScheduleOutcome> Ran => Schedules.Where(s => s.Skipped is null);

    public IEnumerable<string> ToText()
    {
        yield return $"chaos: {Schedules.Count} schedule(s) from seed {Seed}, {Ran.Sum(s => s.Faults)} fault(s), {Ran.Sum(s => s.Jobs)} job(s): "
            + $"{Schedules.Sum(s => s.Completed)} completed right, {Schedules.Sum(s => s.FailedAsExplained)} failed as their schedule explains";
        yield return $"wrong {Wrong}, hung {Hung}, lost {Lost}; caps exceeded in {CapViolations} of {Schedules.Sum(s => s.CapSamples)} samples; helpers left attached {HelpersLeft}";
        if (Schedules.Any(s => s.OnNetwork && s.Skipped is null))
            yield return $"network schedules: {Schedules.Count(s => s.OnNetwork && s.Skipped is null)}; members downed {Schedules.Sum(s => s.Downings)} time(s), rejoined {Schedules.Sum(s => s.Rejoins)}; "
                + $"membership not restored after the faults {Schedules.Sum(s => s.Membership.Count)}";
        if (SkippedSchedules.Count > 0)
            yield return $"skipped {SkippedSchedules.Count} schedule(s) (seeds {string.Join(", ", SkippedSchedules.Select(s => s.Seed))}): {SkippedSchedules[0].Skipped}";
        foreach (var failing in Schedules.Where(s => !s.Passed))
            yield return $"failing seed {failing.Seed} (replay: bench chaos --schedules 1 --seed {failing.Seed}): {string.Join("; ", failing.Problems)}";
    }

    public JsonObject ToJson() => new()
    {
        ["schedules"] = Schedules.Count,
        ["seed"] = Seed,
        ["faults"] = Ran.Sum(s => s.Faults),
        ["jobs"] = Ran.Sum(s => s.Jobs),
        ["completed"] = Schedules.Sum(s => s.Completed),
        ["failed_as_explained"] = Schedules.Sum(s => s.FailedAsExplained),
        ["wrong"] = Wrong,
        ["hung"] = Hung,
        ["lost"] = Lost,
        ["cap_violations"] = CapViolations,
        ["cap_samples"] = Schedules.Sum(s => s.CapSamples),
        ["helpers_left"] = HelpersLeft,
        ["membership_not_restored"] = Schedules.Sum(s => s.Membership.Count),
        ["downings"] = Schedules.Sum(s => s.Downings),
        ["rejoins"] = Schedules.Sum(s => s.Rejoins),
        ["network_schedules"] = Schedules.Count(s => s.OnNetwork),
        ["skipped"] = SkippedSchedules.Count,
        ["skipped_reason"] = SkippedSchedules.FirstOrDefault()?.Skipped,
        ["failing_seeds"] = new JsonArray(Schedules.Where(s => !s.Passed).Select(s => (JsonNode)s.Seed).ToArray()),
    };
}
