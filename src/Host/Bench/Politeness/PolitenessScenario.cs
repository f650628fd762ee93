namespace Engine.Host.Bench.Politeness;

/// <summary>
/// One background engine set-up to measure the foreground beside: the engine's settings (as ENGINE_* variables)
/// and which of the two runs in a session of its own (<c>setsid</c>).
/// </summary>
/// <param name="EngineOwnSession">The engine is a daemon: it leads its own session (and autogroup).</param>
/// <param name="ForegroundOwnSession">The foreground runs in another session than the engine and the bench.</param>
public sealed record PolitenessScenario(string Key, string Description, IReadOnlyDictionary<string, string> Engine,
    bool EngineOwnSession, bool ForegroundOwnSession)
{
    private static readonly Dictionary<string, string> Defaults = new();

    /// <summary>Everything the engine does beyond nice switched off: what nice alone achieves.</summary>
    private static readonly Dictionary<string, string> NiceOnly = new()
    {
        ["ENGINE_HELPER_SCHEDULER"] = "normal",
        ["ENGINE_HELPER_CGROUP"] = "off",
        ["ENGINE_AUTOGROUP_NICE"] = "off",
    };

    private static readonly Dictionary<string, string> IdleClassOnly = new()
    {
        ["ENGINE_HELPER_CGROUP"] = "off",
        ["ENGINE_AUTOGROUP_NICE"] = "off",
    };

    private static readonly Dictionary<string, string> NormalPriority = new(NiceOnly) { ["ENGINE_NICE"] = "0" };

    public static IReadOnlyList<PolitenessScenario> All { get; } =
    [
        new("same_session", "default policy, foreground in the engine's session", Defaults, false, false),
        new("other_session", "default policy, foreground in another session", Defaults, false, true),
        new("daemon_session", "default policy, engine started as a daemon (own session), foreground in the user's session", Defaults, true, false),
        new("nice0", "helpers at nice 0 in SCHED_OTHER, foreground in the engine's session", NormalPriority, false, false),
        new("other_session_nice_only", "nice 19 alone, foreground in another session", NiceOnly, false, true),
        new("other_session_idle_class_only", "nice 19 + SCHED_IDLE, no cgroup, foreground in another session", IdleClassOnly, false, true),
    ];
}
