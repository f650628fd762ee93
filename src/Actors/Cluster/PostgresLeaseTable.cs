namespace Engine.Actors.Cluster;

using Npgsql;

/// <summary>
/// The leases' table in PostgreSQL: one row per lease name with its owner and expiry. Each operation is one
/// statement, so two members racing for a lease are ordered by the row lock, and every expiry is taken from the
/// database's clock, so members' clocks need not agree.
/// </summary>
internal sealed class PostgresLeaseTable(string connectionString, TimeSpan operationTimeout) : IAsyncDisposable
{
    public const string Name = "engine_leases";

    private readonly NpgsqlDataSource _source = NpgsqlDataSource.Create(connectionString);

    public async Task CreateAsync()
    {
        try
        {
            await ExecuteAsync($"CREATE TABLE IF NOT EXISTS {Name} (name text PRIMARY KEY, owner text NOT NULL, expires timestamptz NOT NULL)");
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.DuplicateTable)
        {
            // Another member created it at the same moment: IF NOT EXISTS does not cover a concurrent creation.
        }
    }

    /// <summary>Takes the lease for <paramref name="ttl"/> if nobody holds it, its term has run out, or it is already <paramref name="owner"/>'s.</summary>
    public async Task<bool> TryAcquireAsync(string lease, string owner, TimeSpan ttl) =>
        await ExecuteAsync($"""
            INSERT INTO {Name} AS l (name, owner, expires) VALUES (@name, @owner, clock_timestamp() + @ttl)
            ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner, expires = EXCLUDED.expires
            WHERE l.owner = EXCLUDED.owner OR l.expires < clock_timestamp()
            """, lease, owner, ttl) == 1;

    /// <summary>Extends <paramref name="owner"/>'s term by <paramref name="ttl"/> from now; false once the lease is no longer its own or has run out.</summary>
    public async Task<bool> RenewAsync(string lease, string owner, TimeSpan ttl) =>
        await ExecuteAsync($"""
            UPDATE {Name} SET expires = clock_timestamp() + @ttl
            WHERE name = @name AND owner = @owner AND expires >= clock_timestamp()
            """, lease, owner, ttl) == 1;

    /// <summary>Frees the lease if it is <paramref name="owner"/>'s; someone else's is left alone.</summary>
    public Task ReleaseAsync(string lease, string owner) =>
        ExecuteAsync($"DELETE FROM {Name} WHERE name = @name AND owner = @owner", lease, owner);

    public ValueTask DisposeAsync() => _source.DisposeAsync();

    private async Task<int> ExecuteAsync(string sql, string? lease = null, string? owner = null, TimeSpan? ttl = null)
    {
        using var timeout = new CancellationTokenSource(operationTimeout);
        await using var command = _source.CreateCommand(sql);
        if (lease is not null)
            command.Parameters.AddWithValue("name", lease);
        if (owner is not null)
            command.Parameters.AddWithValue("owner", owner);
        if (ttl is { } term)
            command.Parameters.AddWithValue("ttl", term);
        return await command.ExecuteNonQueryAsync(timeout.Token);
    }
}
