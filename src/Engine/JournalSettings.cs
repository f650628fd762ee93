namespace Engine;

/// <summary>Whether jobs are journalled so they outlive their process, and where (<c>engine.journal</c>, <c>engine.state-dir</c>).</summary>
/// <param name="Enabled">Jobs of persistable kernels keep a ledger in the journal of <paramref name="Store"/>.</param>
/// <param name="SnapshotEvery">A job's ledger is snapshotted after this many completed spans, so recovery reads a bounded amount.</param>
/// <param name="KeepFinished">How long a finished job's answer stays queryable by its id (`wait`, `status --job`).</param>
/// <param name="Store">A SQLite database in <paramref name="StateDir"/>, or the PostgreSQL database of <c>engine.postgres</c>.</param>
public sealed record JournalSettings(bool Enabled, string StateDir, int SnapshotEvery, TimeSpan KeepFinished,
    JournalStore Store = JournalStore.Sqlite)
{
    public string DatabasePath => Path.Combine(StateDir, "journal.db");

    /// <summary>Journalled to the PostgreSQL database the members of a cluster share.</summary>
    public bool Shared => Enabled && Store == JournalStore.Postgres;

    /// <summary>Under the user's data directory (~/.local/share/engine on Linux): nothing to install, nothing to configure.</summary>
    public static string DefaultStateDir()
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return Path.Combine(data.Length > 0 ? data : Path.GetTempPath(), "engine");
    }
}

/// <summary>Where a journal keeps its rows (<c>engine.journal.mode</c>).</summary>
public enum JournalStore
{
    /// <summary><c>state-dir/journal.db</c>, owned by one engine process.</summary>
    Sqlite,

    /// <summary>The database of <c>engine.postgres</c>, shared by the members of a cluster.</summary>
    Postgres,
}
