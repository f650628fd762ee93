namespace Engine.Actors.Throttling;

using Akka.Actor;
using Akka.Event;
using Engine.Policies;

/// <summary>
/// Reads again, every <c>limits-poll-interval</c>, what the process may use (cgroup cpu.max or CFS quota,
/// cpuset, affinity mask, CPUs online, power supply) so the caps follow a `taskset`, a container resize or
/// unplugging the charger without a restart. It owns the limits in force: new caps go to the throttler (helpers
/// already running finish their chunks and only then obey a lowered cap), and every change is published as
/// <see cref="LimitsChanged"/> for the coordinator, the jobs, the member and the facade.
/// </summary>
public sealed class LimitsWatcher : ReceiveActor, IWithTimers
{
    private sealed record Poll
    {
        public static readonly Poll Instance = new();
    }

    private readonly EngineSettings _settings;
    private readonly IReadOnlyList<int> _pooledNodes;
    private readonly IActorRef _throttler;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private EngineLimits _limits;

    public LimitsWatcher(EngineSettings settings, IReadOnlyList<int> pooledNodes, EngineLimits limits, IActorRef throttler)
    {
        _settings = settings;
        _pooledNodes = pooledNodes;
        _limits = limits;
        _throttler = throttler;
        Receive<Poll>(_ => ReadAgain());
    }

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="limits">The limits read at start, which every other actor was started with.</param>
    public static Props Props(EngineSettings settings, IReadOnlyList<int> pooledNodes, EngineLimits limits, IActorRef throttler) =>
        Akka.Actor.Props.Create(() => new LimitsWatcher(settings, pooledNodes, limits, throttler));

    protected override void PreStart() =>
        Timers.StartPeriodicTimer(nameof(Poll), Poll.Instance, _settings.LimitsPollInterval);

    private void ReadAgain()
    {
        EngineLimits fresh;
        try
        {
            fresh = EngineLimits.Read(_settings).WithinPools(_pooledNodes);
        }
        catch (Exception e)
        {
            // A file caught mid-rewrite by a container runtime must not stop the engine: keep the last limits.
            _log.Warning("Reading the CPU limits again failed, keeping caps {0}: {1}", _limits.HelperCaps, e.Message);
            return;
        }
        var old = _limits;
        if (fresh.SameAs(old))
            return;
        _limits = fresh;
        if (!fresh.HelperCaps.Equals(old.HelperCaps))
            _throttler.Tell(new UpdateCaps(fresh.HelperCaps));
        Context.System.EventStream.Publish(new LimitsChanged(fresh));
        _log.Info("CPU limits changed: {0} CPU(s) allowed, caps {1} (were {2}); {3}", fresh.Topology.AllowedCpus.Count,
            fresh.HelperCaps, old.HelperCaps, string.Join("; ", fresh.Caps.Decisions.Select(d => $"{d.Rule}: {d.Why}")));
    }
}
