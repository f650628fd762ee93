namespace Engine.Actors.Persistence;

using Akka.Actor;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using Npgsql;

/// <summary>
/// The job journal of one engine: Akka.Persistence.Sql (Linq2Db) over SQLite in the state folder or over the
/// PostgreSQL database a cluster's members share, its schema created on start. Ledger entries are written by the <see cref="LedgerSerializer"/>, so a journal row holds
/// only what the wire may carry, and a foreign row is refused, not instantiated.
/// </summary>
public static class EngineJournal
{
    public const string JournalId = "akka.persistence.journal.engine";
    public const string SnapshotStoreId = "akka.persistence.snapshot-store.engine";

    /// <summary>For jobs that are not journalled: nothing is written, and recovery reads nothing.</summary>
    public const string NoJournalId = "akka.persistence.journal.inmem";
    public const string NoSnapshotStoreId = "akka.persistence.no-snapshot-store";

    private static string NameOf<T>() => $"{typeof(T).FullName}, {typeof(T).Assembly.GetName().Name}";

    /// <summary>
    /// Opens (creating its schema if need be) the journal <paramref name="settings"/> name for <paramref name="system"/>:
    /// SQLite in the state folder, or the PostgreSQL database of <c>engine.postgres</c>.
    /// </summary>
    /// <returns>Null, or why the journal is not used (the folder is another engine's, the server cannot be reached).</returns>
    public static string? TryOpen(ExtendedActorSystem system, EngineSettings settings) =>
        settings.Journal.Store == JournalStore.Postgres
            ? TryOpenPostgres(system, settings.Postgres!)
            : TryOpenSqlite(system, settings.Journal);

    /// <summary>
    /// One engine at a time owns a state folder (a lock file, held until the system terminates): two resuming the
    /// same jobs would both run them.
    /// </summary>
    private static string? TryOpenSqlite(ExtendedActorSystem system, JournalSettings settings)
    {
        FileStream owner;
        try
        {
            Directory.CreateDirectory(settings.StateDir);
            owner = new FileStream(Path.Combine(settings.StateDir, "engine.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            return $"state-dir {settings.StateDir} is in use by another engine process or cannot be written ({e.Message})";
        }
        catch (UnauthorizedAccessException e)
        {
            return $"state-dir {settings.StateDir} cannot be written ({e.Message})";
        }
        system.RegisterOnTermination(owner.Dispose);
        var connection = new SqliteConnectionStringBuilder { DataSource = settings.DatabasePath }.ToString();
        try
        {
            // Write-ahead logging: a span's event costs an append, not a rewrite of the page journal.
            using var db = new SqliteConnection(connection);
            db.Open();
            using var wal = db.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }
        catch (SqliteException e)
        {
            owner.Dispose();
            return $"{settings.DatabasePath} cannot be opened as a SQLite database ({e.Message})";
        }
        Install(system, connection, "SQLite.MS", SqliteTransactions);
        return null;
    }

    /// <summary>
    /// Microsoft.Data.Sqlite begins a transaction of unspecified isolation with BEGIN IMMEDIATE, which takes the
    /// database's write lock: a job's recovery reads (even a new job's, for its highest sequence number) then collide
    /// with the writes of other ledgers, and every collision costs the driver's 150 ms retry, on the job's critical
    /// path. Read-uncommitted begins them deferred instead; without a shared cache SQLite still shows a reader only
    /// committed rows, so nothing else changes. One writer: SQLite has one write lock, and a second writer waiting
    /// for it waits 150 ms too, while a single writer batches what queued meanwhile.
    /// </summary>
    private static readonly Config SqliteTransactions = ConfigurationFactory.ParseString($$"""
        {{JournalId}} { read-isolation-level = read-uncommitted, parallelism = 1 }
        {{SnapshotStoreId}}.read-isolation-level = read-uncommitted
        """);

    /// <summary>
    /// The members of a cluster share one database, so nobody owns it: sharding places each job on one member.
    /// The server is tried once here, so an unreachable one is named at start rather than by the first job.
    /// </summary>
    private static string? TryOpenPostgres(ExtendedActorSystem system, string connection)
    {
        var server = new NpgsqlConnectionStringBuilder(connection);
        var where = $"{server.Host}:{server.Port}/{server.Database}";
        try
        {
            using var db = new NpgsqlConnection(connection);
            db.Open();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            return $"journal.mode = postgres: the PostgreSQL server of engine.postgres ({where}) cannot be reached ({e.GetBaseException().Message})";
        }
        // A cluster's jobs are then sharded, and sharding keeps its own state in this journal too.
        Install(system, connection, "PostgreSQL.15", Cluster.JobSharding.Serialization);
        return null;
    }

    /// <param name="serialization">Serializer bindings of what else is written to this journal.</param>
    private static void Install(ExtendedActorSystem system, string connection, string provider, Config serialization)
    {
        var quoted = HoconString.Quote(connection);
        system.Settings.InjectTopLevelFallback(ConfigurationFactory.ParseString($$"""
            {{JournalId}} {
              class = "Akka.Persistence.Sql.Journal.SqlWriteJournal, Akka.Persistence.Sql"
              plugin-id = "{{JournalId}}"
              connection-string = {{quoted}}
              provider-name = "{{provider}}"
              auto-initialize = on
              tag-write-mode = Csv
            }
            {{SnapshotStoreId}} {
              class = "Akka.Persistence.Sql.Snapshot.SqlSnapshotStore, Akka.Persistence.Sql"
              plugin-id = "{{SnapshotStoreId}}"
              connection-string = {{quoted}}
              provider-name = "{{provider}}"
              auto-initialize = on
            }
            # Ledger entries go through the LedgerSerializer (rows name it by id). Bound in the configuration, not by
            # AddSerializationMap: every later configuration fallback (a persistence plugin, cluster sharding)
            # reloads the serialization settings and would drop a mapping made in code.
            akka.actor {
              serializers.engine-ledger = "{{NameOf<LedgerSerializer>()}}"
              serialization-bindings { "{{NameOf<ILedgerEntry>()}}" = engine-ledger }
              serialization-identifiers { "{{NameOf<LedgerSerializer>()}}" = {{LedgerSerializer.Id}} }
            }
            """).WithFallback(serialization).WithFallback(Akka.Persistence.Sql.SqlPersistence.DefaultConfiguration));
        var persistence = Akka.Persistence.Persistence.Instance.Apply(system);
        // Started now, so the schema exists before the first job and a bad journal shows at start.
        persistence.JournalFor(JournalId);
        persistence.SnapshotStoreFor(SnapshotStoreId);
    }
}
