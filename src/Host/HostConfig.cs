namespace Engine.Host;

using System.Collections;
using Akka.Configuration;
using Akka.Configuration.Hocon;
using Engine.Actors;
using Engine.Host.Output;

/// <summary>
/// The Host's ActorSystem config: the engine's defaults, overridden by environment variables named after
/// the keys (engine.caps.per-node is ENGINE_CAPS_PER_NODE), so a container is configured without files.
/// </summary>
public static class HostConfig
{
    public const string SystemName = "engine";

    private static readonly string Base = $$"""
        akka {
          # stdout carries results: the log goes to stderr, one line per event.
          loggers = ["{{StandardErrorLogger.TypeName}}"]
          loglevel = WARNING
          stdout-loglevel = OFF
          log-dead-letters-during-shutdown = off
          # Each scheduler tick wakes thread-pool threads; the engine's timers (progress, limits, cluster
          # heartbeats) need no finer resolution, and an idle engine should not wake 100 times a second.
          scheduler.tick-duration = 100ms
          # Signals are the Host's (TerminationSignal): each command stops in its own way and exits 130. Akka's
          # own SIGTERM hook would run the shutdown first, blocking the signal thread, and exit 0.
          coordinated-shutdown.run-by-clr-shutdown-hook = off
        }
        # The Host is the engine alone: when it leads its own session (a daemon), demote that session.
        engine.autogroup-nice = auto
        """;

    public static Config Build(Config? extra = null, IDictionary? environment = null)
    {
        var config = ConfigurationFactory.ParseString(Base);
        if (extra is not null)
            config = extra.WithFallback(config);
        return EnvironmentOverrides(environment ?? Environment.GetEnvironmentVariables())
            .WithFallback(config)
            .WithFallback(EngineConfig.Defaults);
    }

    /// <summary>ENGINE_* variables matching a documented engine key; unknown ENGINE_* names are an error, not ignored.</summary>
    public static Config EnvironmentOverrides(IDictionary environment)
    {
        var keys = EngineKeys().ToDictionary(EnvironmentName, StringComparer.Ordinal);
        var lines = new List<string>();
        foreach (DictionaryEntry entry in environment)
        {
            var name = (string)entry.Key;
            if (!name.StartsWith("ENGINE_", StringComparison.Ordinal) || name == Http.HttpOption.EnvironmentVariable
                || Commands.TlsOptions.Variables.Contains(name))
                continue;
            if (!keys.TryGetValue(name, out var key))
                throw new ConfigurationException(
                    $"environment variable {name} is not an engine setting (known: {string.Join(", ", keys.Keys.Order())})");
            lines.Add($"engine.{key} = {HoconString.Quote((string?)entry.Value ?? "")}");
        }
        return ConfigurationFactory.ParseString(string.Join("\n", lines));
    }

    public static string EnvironmentName(string key) =>
        "ENGINE_" + key.ToUpperInvariant().Replace('.', '_').Replace('-', '_');

    public static IEnumerable<string> EngineKeys() => Leaves(EngineConfig.Defaults.GetConfig("engine").Root, "");

    private static IEnumerable<string> Leaves(HoconValue value, string path) => value.IsObject()
        ? value.GetObject().Items.SelectMany(item => Leaves(item.Value, path.Length == 0 ? item.Key : $"{path}.{item.Key}"))
        : [path];
}
