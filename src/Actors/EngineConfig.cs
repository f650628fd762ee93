namespace Engine.Actors;

using Akka.Configuration;
using Engine.Policies;

/// <summary>Reads <see cref="EngineSettings"/> from the <c>engine</c> HOCON section, over the defaults in engine.conf.</summary>
public static class EngineConfig
{
    public static Config Defaults { get; } =
        ConfigurationFactory.FromResource("Engine.Actors.engine.conf", typeof(EngineConfig).Assembly);

    /// <summary>The defaults of engine.conf, the only place they are written: a caller changes what it needs with <c>with</c>.</summary>
    public static EngineSettings DefaultSettings => Read(Config.Empty);

    /// <summary>The settings; a bad value throws <see cref="EngineSettingException"/> naming its key.</summary>
    public static EngineSettings Read(Config config)
    {
        var engine = config.WithFallback(Defaults).GetConfig("engine");
        const string Cap = "'auto' or a whole number of at least 1";
        var postgres = Read(engine, "postgres", PostgresConnection, _ => true,
            "'off' or an Npgsql connection string (example: Host=db;Username=engine;Database=engine)");
        var mode = Read(engine, "journal.mode", text => text.ToLowerInvariant(), m => m is "off" or "sqlite" or "postgres",
            "'off', 'sqlite' or 'postgres'");
        if (mode == "postgres" && postgres is null)
            throw new EngineSettingException("journal.mode", "is 'postgres', but engine.postgres is off: set it to the database's connection string");
        return new EngineSettings
        {
            HelperNice = Read(engine, "nice", Whole, n => n is >= -20 and <= 19, "a whole number from -20 to 19"),
            Pin = Read(engine, "pin", Switch, _ => true, "on or off"),
            HelperIdleClass = Choice(engine, "helper-scheduler", "idle", "normal"),
            HelperCgroup = Choice(engine, "helper-cgroup", "auto", "off"),
            DemoteOwnAutogroup = Choice(engine, "autogroup-nice", "auto", "off"),
            LanesAsHelpers = Choice(engine, "lane-policy", "helper", "caller"),
            Caps = new CapsConfig(Read(engine, "caps.per-node", t => CapsConfig.ParseCap(t, "per-node cap"), _ => true, Cap),
                Read(engine, "caps.global", t => CapsConfig.ParseCap(t, "global cap"), _ => true, Cap)),
            Energy = Read(engine, "energy-policy", EnergyModeText.Parse, _ => true, "'auto' or 'off'"),
            Prefetch = Read(engine, "prefetch", Whole, n => n >= 1, "a whole number of at least 1"),
            RemotePrefetch = Read(engine, "remote-prefetch", Whole, n => n >= 1, "a whole number of at least 1"),
            RemotePrefetchMax = Read(engine, "remote-prefetch-max", Whole, n => n >= 1, "a whole number of at least 1"),
            SpanTarget = Read(engine, "span-target", Duration, t => t >= TimeSpan.Zero, "0 (one chunk per hand-out) or a duration (example: 1ms)"),
            LoadBalanceFactor = Read(engine, "load-balance-factor", Whole, n => n >= 1, "a whole number of at least 1"),
            ClusterLoadBalanceFactor = Read(engine, "cluster-load-balance-factor", Whole, n => n >= 1, "a whole number of at least 1"),
            ProgressInterval = Read(engine, "progress-interval", Duration, t => t > TimeSpan.Zero, "a duration of more than 0 (example: 250ms)"),
            LaneThreads = Read(engine, "lane-threads", Whole, n => n >= 0, "0 (one per usable CPU) or a whole number"),
            DefaultMinChunk = Read(engine, "default-min-chunk", long.Parse, n => n >= 1, "a whole number of at least 1"),
            AutoHelpers = new AutoHelpersSettings(
                Read(engine, "auto-helpers.dispatch-cost", Duration, t => t > TimeSpan.Zero, "a duration of more than 0 (example: 0.02ms)"),
                Read(engine, "auto-helpers.min-busy", Duration, t => t > TimeSpan.Zero, "a duration of more than 0 (example: 5ms)")),
            Leases = new Leasing.LeaseSettings(
                Read(engine, "leases.multiplier", Real, x => x > 0, "a number of more than 0 (example: 4)"),
                Read(engine, "leases.floor", Duration, t => t > TimeSpan.Zero, "a duration of more than 0 (example: 1s)"),
                Read(engine, "leases.speculation-multiplier", Real, x => x > 0, "a number of more than 0 (example: 1.5)"),
                Read(engine, "leases.starved-wait-share", Real, x => x is > 0 and <= 1, "a share of more than 0 and at most 1 (example: 0.5)"),
                Read(engine, "leases.check-interval", Duration, t => t > TimeSpan.Zero, "a duration of more than 0 (example: 20ms)"),
                Read(engine, "leases.max-copies", Whole, n => n >= 1, "a whole number of at least 1")),
            LimitsPollInterval = Read(engine, "limits-poll-interval", Duration, t => t >= TimeSpan.Zero, "0 (only at start) or a duration (example: 2s)"),
            Journal = new JournalSettings(
                mode != "off",
                Read(engine, "state-dir", dir => dir == "auto" ? JournalSettings.DefaultStateDir() : Path.GetFullPath(dir), _ => true,
                    "'auto' (under the user's data directory) or a directory"),
                Read(engine, "journal.snapshot-every", Whole, n => n >= 1, "a whole number of at least 1"),
                Read(engine, "journal.keep-finished", Duration, t => t >= TimeSpan.Zero, "0 (forget at once) or a duration (example: 1h)"),
                mode == "postgres" ? JournalStore.Postgres : JournalStore.Sqlite),
            Postgres = postgres,
            Downing = Downing(engine, postgres),
            ActorDispatcher = Read(engine, "use-dispatcher", text => text, text => text.Length > 0,
                $"the id of a dispatcher (\"{WorkEngine.ControlDispatcherId}\": the engine's own)"),
            SystemRoot = Read(engine, "system-root", text => text, text => text.Length > 0, "a directory (\"/\" on a real machine)"),
        };
    }

    /// <summary>A connection string Npgsql can read (null for off), so a typo is named at start, not at the first query.</summary>
    private static string? PostgresConnection(string text) =>
        text == "off" ? null
        : text.Length > 0 ? new Npgsql.NpgsqlConnectionStringBuilder(text).ConnectionString
        : throw new FormatException("empty");

    /// <summary>
    /// <c>cluster.downing</c>: auto takes the lease when there is a database to keep it in; lease-majority without one
    /// would down every member that loses a peer (no lease can be taken), so it is refused.
    /// </summary>
    private static ClusterDowning Downing(Config engine, string? postgres)
    {
        const string Key = "cluster.downing";
        var choice = Read(engine, Key, text => text.ToLowerInvariant(), v => v is "auto" or "keep-majority" or "lease-majority",
            "'auto', 'keep-majority' or 'lease-majority'");
        if (choice == "lease-majority" && postgres is null)
            throw new EngineSettingException(Key, "lease-majority keeps its lease in engine.postgres, which is off");
        return choice == "keep-majority" || (choice == "auto" && postgres is null) ? ClusterDowning.KeepMajority : ClusterDowning.LeaseMajority;
    }

    /// <summary>
    /// One key's value: its text parsed by <paramref name="parse"/> and checked by <paramref name="valid"/>, or an
    /// <see cref="EngineSettingException"/> that names the key, the text and what was <paramref name="expected"/>.
    /// </summary>
    private static T Read<T>(Config engine, string key, Func<string, T> parse, Func<T, bool> valid, string expected)
    {
        var text = engine.GetString(key)?.Trim() ?? "";
        T value;
        try
        {
            value = parse(text);
        }
        catch (Exception e) when (e is FormatException or OverflowException or ArgumentException or NotSupportedException or ConfigurationException)
        {
            throw new EngineSettingException(key, $"must be {expected}, was '{text}'", e);
        }
        return valid(value) ? value : throw new EngineSettingException(key, $"must be {expected}, was '{text}'");
    }

    /// <summary>True for <paramref name="yes"/>, false for <paramref name="no"/>, an error naming the key otherwise.</summary>
    private static bool Choice(Config engine, string key, string yes, string no) =>
        Read(engine, key, text => text.ToLowerInvariant(), v => v == yes || v == no, $"'{yes}' or '{no}'") == yes;

    private static int Whole(string text) => int.Parse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture);

    private static double Real(string text) => double.Parse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);

    private static TimeSpan Duration(string text) => ConfigurationFactory.ParseString($"d = {HoconString.Quote(text)}").GetTimeSpan("d");

    private static bool Switch(string text) => ConfigurationFactory.ParseString($"b = {HoconString.Quote(text)}").GetBoolean("b");
}
