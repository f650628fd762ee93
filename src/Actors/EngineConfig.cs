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
            Caps = Parsed(() => CapsConfig.Parse(engine.GetString("caps.per-node"), engine.GetString("caps.global")), "caps"),
            Energy = Parsed(() => EnergyModeText.Parse(engine.GetString("energy-policy")), "energy-policy"),
            Prefetch = Positive(engine.GetInt("prefetch"), "prefetch"),
            RemotePrefetch = Positive(engine.GetInt("remote-prefetch"), "remote-prefetch"),
            SpanTarget = engine.GetTimeSpan("span-target"),
            LoadBalanceFactor = Positive(engine.GetInt("load-balance-factor"), "load-balance-factor"),
            ProgressInterval = engine.GetTimeSpan("progress-interval"),
            LaneThreads = Math.Max(0, engine.GetInt("lane-threads")),
        };
    }

    private static int Nice(int nice) => nice is >= -20 and <= 19
        ? nice
        : throw new ConfigurationException($"engine.nice must be between -20 and 19, was {nice}");

    private static int Positive(int value, string key) => value >= 1
        ? value
        : throw new ConfigurationException($"engine.{key} must be >= 1, was {value}");

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
