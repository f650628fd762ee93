namespace Engine.Actors;

using Akka.Configuration;
using Engine.Policies;

/// <summary>Reads <see cref="EngineSettings"/> from the <c>engine</c> HOCON section, over the defaults in engine.conf.</summary>
public static class EngineConfig
{
    public static Config Defaults { get; } =
        ConfigurationFactory.FromResource("Engine.Actors.engine.conf", typeof(EngineConfig).Assembly);

    public static EngineSettings Read(Config config)
    {
        var engine = config.WithFallback(Defaults).GetConfig("engine");
        return new EngineSettings
        {
            HelperNice = Nice(engine.GetInt("nice")),
            Pin = engine.GetBoolean("pin"),
            HelperIdleClass = Choice(engine, "helper-scheduler", "idle", "normal"),
            HelperCgroup = Choice(engine, "helper-cgroup", "auto", "off"),
            DemoteOwnAutogroup = Choice(engine, "autogroup-nice", "auto", "off"),
            LanesAsHelpers = Choice(engine, "lane-policy", "helper", "caller"),
            Caps = Parsed(() => CapsConfig.Parse(engine.GetString("caps.per-node"), engine.GetString("caps.global")), "caps"),
            Energy = Parsed(() => EnergyModeText.Parse(engine.GetString("energy-policy")), "energy-policy"),
            Prefetch = Positive(engine.GetInt("prefetch"), "prefetch"),
            RemotePrefetch = Positive(engine.GetInt("remote-prefetch"), "remote-prefetch"),
            SpanTarget = engine.GetTimeSpan("span-target"),
            LoadBalanceFactor = Positive(engine.GetInt("load-balance-factor"), "load-balance-factor"),
            ProgressInterval = engine.GetTimeSpan("progress-interval"),
            LaneThreads = Math.Max(0, engine.GetInt("lane-threads")),
            DefaultMinChunk = Positive(engine.GetLong("default-min-chunk"), "default-min-chunk"),
            AutoHelpers = new AutoHelpersSettings(
                PositiveTime(engine.GetTimeSpan("auto-helpers.dispatch-cost"), "auto-helpers.dispatch-cost"),
                PositiveTime(engine.GetTimeSpan("auto-helpers.min-busy"), "auto-helpers.min-busy")),
            Leases = new Leasing.LeaseSettings(
                PositiveDouble(engine.GetDouble("leases.multiplier"), "leases.multiplier"),
                PositiveTime(engine.GetTimeSpan("leases.floor"), "leases.floor"),
                PositiveDouble(engine.GetDouble("leases.speculation-multiplier"), "leases.speculation-multiplier"),
                engine.GetDouble("leases.starved-wait-share") is var share && share is > 0 and <= 1
                    ? share
                    : throw new ConfigurationException($"engine.leases.starved-wait-share must be in (0, 1], was {share}"),
                PositiveTime(engine.GetTimeSpan("leases.check-interval"), "leases.check-interval"),
                Positive(engine.GetInt("leases.max-copies"), "leases.max-copies")),
            LimitsPollInterval = engine.GetTimeSpan("limits-poll-interval") is var poll && poll >= TimeSpan.Zero
                ? poll
                : throw new ConfigurationException($"engine.limits-poll-interval must not be negative, was {poll}"),
            SystemRoot = engine.GetString("system-root") is { Length: > 0 } root
                ? root
                : throw new ConfigurationException("engine.system-root must name a directory (\"/\" on a real machine)"),
        };
    }

    /// <summary>True for <paramref name="yes"/>, false for <paramref name="no"/>, an error naming the key otherwise.</summary>
    private static bool Choice(Config engine, string key, string yes, string no) => engine.GetString(key)?.Trim().ToLowerInvariant() switch
    {
        var v when v == yes => true,
        var v when v == no => false,
        var v => throw new ConfigurationException($"engine.{key} must be '{yes}' or '{no}', was '{v}'"),
    };

    private static int Nice(int nice) => nice is >= -20 and <= 19
        ? nice
        : throw new ConfigurationException($"engine.nice must be between -20 and 19, was {nice}");

    private static T Positive<T>(T value, string key) where T : System.Numerics.INumber<T> => value >= T.One
        ? value
        : throw new ConfigurationException($"engine.{key} must be >= 1, was {value}");

    private static TimeSpan PositiveTime(TimeSpan value, string key) => value > TimeSpan.Zero
        ? value
        : throw new ConfigurationException($"engine.{key} must be positive, was {value}");

    private static double PositiveDouble(double value, string key) => value > 0
        ? value
        : throw new ConfigurationException($"engine.{key} must be positive, was {value}");

    private static T Parsed<T>(Func<T> parse, string key)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw new ConfigurationException($"engine.{key}: {e.Message}");
        }
    }
}
