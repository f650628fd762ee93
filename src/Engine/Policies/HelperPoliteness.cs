namespace Engine.Policies;

using Engine.Threading;

/// <summary>
/// How the engine keeps its helpers out of everyone else's way (ktask: "helper threads run at MAX_NICE to
/// avoid system disturbance"), across sessions too. Nice orders threads only inside one scheduling group,
/// and autogroup makes every session a group, so nice 19 alone still lets a daemon's helpers take half the
/// machine from a user's shell. Layers, each applied where it works without demoting anything but the engine:
/// nice (<c>nice</c>), SCHED_IDLE (<c>helper-scheduler = idle</c>), a cgroup of their own with cpu.idle
/// (<c>helper-cgroup = auto</c>, where the cgroup is writable), and the process's own autogroup when it leads
/// its session (<c>autogroup-nice = auto</c>; the Host's default, never a hosting service's).
/// </summary>
public sealed record HelperPoliteness(bool IdleClass, string? CgroupTasksFile, IReadOnlyList<PolicyDecision> Decisions)
{
    public const string HelperNice = "helper-nice";
    public const string HelperSchedIdle = "helper-sched-idle";
    public const string HelperCgroupRule = "helper-cgroup";
    public const string AutogroupNice = "autogroup-nice";
    public const string LanesAsHelpers = "lanes-as-helpers";

    /// <summary>The placement of helper-like threads: the same, plus SCHED_IDLE and the helpers' cgroup where in force.</summary>
    public ThreadPlacement Polite(ThreadPlacement placement) =>
        placement with { IdleClass = IdleClass, CgroupTasksFile = CgroupTasksFile };

    /// <summary>Prepares the helpers' cgroup and demotes the process's own autogroup where the settings ask and it is safe.</summary>
    public static HelperPoliteness Apply(EngineSettings settings)
    {
        var decisions = new List<PolicyDecision>
        {
            new(HelperNice, $"helpers at nice {settings.HelperNice}: they yield to other threads of their scheduling group (session)"),
        };
        decisions.Add(settings.HelperIdleClass
            ? new(HelperSchedIdle, "helpers in SCHED_IDLE (weight 3, below nice 19's 15): they run when their group's other threads leave a CPU free")
            : new(HelperSchedIdle, "off (helper-scheduler = normal): helpers in SCHED_OTHER"));

        string? tasks = null;
        if (settings.HelperCgroup)
        {
            (tasks, var why) = HelperCgroup.Prepare(settings.SystemRoot);
            decisions.Add(new(HelperCgroupRule, tasks is null ? $"not used: {why}" : $"{why}: helpers yield to every other group and session"));
        }
        else
            decisions.Add(new(HelperCgroupRule, "off (helper-cgroup = off)"));

        if (settings.DemoteOwnAutogroup)
        {
            var (demoted, why) = SessionAutogroup.DemoteIfAlone(settings.SystemRoot, ThreadPlacement.LowestPriorityNice);
            decisions.Add(new(AutogroupNice, demoted ? why : $"not done: {why}"));
        }
        if (settings.LanesAsHelpers)
            decisions.Add(new(LanesAsHelpers, "callers' lanes run like helpers (lane-policy = helper): the engine serves submitters elsewhere"));
        return new HelperPoliteness(settings.HelperIdleClass, tasks, decisions);
    }
}
