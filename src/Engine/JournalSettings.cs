namespace Engine;

/// <summary>Whether jobs are journalled so they outlive their process, and where (<c>engine.journal</c>, <c>engine.state-dir</c>).</summary>
/// <param name="Enabled">Jobs of persistable kernels keep a ledger in a SQLite database in <paramref name="StateDir"/>.</param>
/// <param name="SnapshotEvery">A job's ledger is snapshotted after this many completed spans, so recovery reads a bounded amount.</param>
/// <param name="KeepFinished">How long a finished job's answer stays queryable by its id (`wait`, `status --job`).</param>
public sealed record JournalSettings(bool Enabled, string StateDir, int SnapshotEvery, TimeSpan KeepFinished)
{
    public string DatabasePath => Path.Combine(StateDir, "journal.db");

    /// <summary>Under the user's data directory (~/.local/share/engine on Linux): nothing to install, nothing to configure.</summary>
    public static string DefaultStateDir()
    {
        var data = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.DoNotVerify);
        return Path.Combine(data.Length > 0 ? data : Path.GetTempPath(), "engine");
    }
}
