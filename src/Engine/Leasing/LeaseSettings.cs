namespace Engine.Leasing;

/// <summary>When a granted span counts as late or starved and is handed out again (engine.conf: <c>leases</c>).</summary>
/// <param name="Multiplier">A copy is late after this many times the job's median time for a span of its size.</param>
/// <param name="Floor">Never late before this long: a span's time varies, and remote grants travel.</param>
/// <param name="SpeculationMultiplier">With nothing else left, an idle worker copies a span running this many medians.</param>
/// <param name="StarvedWaitShare">A running copy whose thread waited for a CPU this share of the time is starved.</param>
/// <param name="CheckInterval">How often the coordinator looks at the leases of running jobs.</param>
/// <param name="MaxCopies">Copies of one span at once, the first included.</param>
public sealed record LeaseSettings(
    double Multiplier,
    TimeSpan Floor,
    double SpeculationMultiplier,
    double StarvedWaitShare,
    TimeSpan CheckInterval,
    int MaxCopies);
