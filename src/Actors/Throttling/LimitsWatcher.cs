namespace Engine.Actors.Throttling;

using Akka.Actor;
using Akka.Event;
using Engine.Policies;

/// <summary>
/// Reads again, every <c>limits-poll-interval</c>, what the process may use (cgroup cpu.max or CFS quota,
/// cpuset, affinity mask, CPUs online, power supply) so the caps follow a `taskset`, a container resize or
/// unplugging the charger without a restart. New caps go to the throttler; helpers already running finish
/// their chunks and only then obey a lowered cap.
/// </summary>
public sealed class LimitsWatcher : ReceiveActor, IWithTimers
{
    private sealed record Poll
    {
        public static readonly Poll Instance = new();
    }

    private readonly EngineRuntime _runtime;
    private readonly IActorRef _throttler;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public LimitsWatcher(EngineRuntime runtime, IActorRef throttler)
    {
        _runtime = runtime;
        _throttler = throttler;
        Receive<Poll>(_ => ReadAgain());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(EngineRuntime runtime, IActorRef throttler) =>
        Akka.Actor.Props.Create(() => new LimitsWatcher(runtime, throttler));

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(nameof(Poll), Poll.Instance, _runtime.Settings.LimitsPollInterval);

    private void ReadAgain()
    {
        EngineLimits fresh;
        try
        {
            fresh = EngineLimits.Read(_runtime.Settings).WithinPools(_runtime.PooledNodes);
        }
        catch (Exception e)
        {
            // A file caught mid-rewrite by a container runtime must not stop the engine: keep the last limits.
            _log.Warning("Reading the CPU limits again failed, keeping caps {0}: {1}", _runtime.Caps, e.Message);
            return;
        }
        var old = _runtime.Limits;
        if (fresh.SameAs(old))
            return;
        _runtime.Update(fresh);
        if (!fresh.HelperCaps.Equals(old.HelperCaps))
            _throttler.Tell(new UpdateCaps(fresh.HelperCaps));
        _log.Info("CPU limits changed: {0} CPU(s) allowed, caps {1} (were {2}); {3}", fresh.Topology.AllowedCpus.Count,
            fresh.HelperCaps, old.HelperCaps, string.Join("; ", fresh.Caps.Decisions.Select(d => $"{d.Rule}: {d.Why}")));
    }
}
