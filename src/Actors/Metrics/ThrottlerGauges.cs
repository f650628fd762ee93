namespace Engine.Actors.Metrics;

using System.Diagnostics.Metrics;
using Akka.Actor;
using Engine.Actors.Throttling;

/// <summary>
/// Observable gauges over this member's throttler: helpers busy and idle per node, and the caps in force.
/// The throttler is asked only when a reader collects (a scrape), and one answer serves every gauge of that
/// collection, so an engine nobody watches sends no message.
/// </summary>
internal sealed class ThrottlerGauges
{
    /// <summary>How long one answer serves: a collection reads every gauge within it, a later one asks again.</summary>
    private static readonly TimeSpan Fresh = TimeSpan.FromMilliseconds(200);

    /// <summary>A throttler that answers slower than this leaves the gauges empty for that collection.</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(2);

    private readonly IActorRef _throttler;
    private readonly KeyValuePair<string, object?> _member;
    private readonly NodeTags _nodes = new();
    private readonly Lock _gate = new();
    private (ThrottlerState? State, long At) _last;

    /// <summary>Adds the gauges to <paramref name="metrics"/>' meter; they live as long as the meter.</summary>
    public static void Register(EngineMetrics metrics, IActorRef throttler) => _ = new ThrottlerGauges(metrics, throttler);

    private ThrottlerGauges(EngineMetrics metrics, IActorRef throttler)
    {
        _throttler = throttler;
        _member = new("member", metrics.Member);
        var meter = metrics.Meter;
        meter.CreateObservableGauge("engine.helpers.busy", () => PerNode(s => s.RunningPerNode), "{helper}",
            "Helpers running a job's spans, per NUMA node");
        meter.CreateObservableGauge("engine.helpers.idle", () => PerNode(s => s.IdlePerNode), "{helper}",
            "Helpers waiting for a job, per NUMA node");
        meter.CreateObservableGauge("engine.helpers.limit", () => PerNode(s => s.Caps.PerNode), "{helper}",
            "Helpers allowed at once per NUMA node (the per-node cap in force)");
        meter.CreateObservableGauge("engine.helpers.global_limit", () => Total(s => s.Caps.Global), "{helper}",
            "Helpers allowed at once on this member (the global cap in force)");
    }

    /// <summary>The throttler's state, asked again when the last answer is older than <see cref="Fresh"/>.</summary>
    public ThrottlerState? Current()
    {
        lock (_gate)
        {
            if (_last.State is not null && Environment.TickCount64 - _last.At < (long)Fresh.TotalMilliseconds)
                return _last.State;
            try
            {
                // Collections run on the reader's thread (a scrape, a listener), never on an actor's.
                _last = (_throttler.Ask<ThrottlerState>(GetThrottlerState.Instance, AnswerTimeout).GetAwaiter().GetResult(),
                    Environment.TickCount64);
            }
            catch (Exception e) when (e is AskTimeoutException or TaskCanceledException)
            {
                return _last.State;
            }
            return _last.State;
        }
    }

    private IEnumerable<Measurement<int>> PerNode(Func<ThrottlerState, IReadOnlyDictionary<int, int>> read) =>
        Current() is { } state
            ? read(state).OrderBy(p => p.Key).Select(p => new Measurement<int>(p.Value, new("node", _nodes.Of(p.Key)), _member)).ToArray()
            : [];

    private IEnumerable<Measurement<int>> Total(Func<ThrottlerState, int> read) =>
        Current() is { } state ? [new Measurement<int>(read(state), _member)] : [];
}
