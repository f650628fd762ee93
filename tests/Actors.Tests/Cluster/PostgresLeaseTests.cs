namespace Actors.Tests.Cluster;

using Actors.Tests.Support;
using Akka.Actor;
using Akka.Configuration;
using Akka.Coordination;
using Akka.TestKit.Xunit2;
using Engine;
using Engine.Actors;
using Engine.Actors.Cluster;
using Npgsql;

/// <summary>One PostgreSQL server for the lease tests of a class; each test uses a lease name of its own.</summary>
public sealed class PostgresFixture : IDisposable
{
    public PostgresServer Server { get; } = PostgresServer.Start();

    public void Dispose() => Server.Dispose();
}

/// <summary>
/// <see cref="PostgresLease"/> against a real PostgreSQL: one owner at a time, a holder whose term ran out loses the
/// lease to the next, a released or shut-down holder frees it, and the table comes with the lease.
/// </summary>
public sealed class PostgresLeaseTests(PostgresFixture postgres) : TestKit(LeaseConfig(postgres.Server.ConnectionString)), IClassFixture<PostgresFixture>
{
    /// <summary>Generous: a lost lease is seen at the next renewal, however busy the machine is.</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private readonly string _lease = $"lease-{Guid.NewGuid():N}";

    [Fact]
    public async Task Of_owners_racing_for_a_free_lease_exactly_one_gets_it_every_time()
    {
        var owners = Enumerable.Range(0, 6).Select(i => Lease($"owner-{i}")).ToArray();
        for (var round = 0; round < 10; round++)
        {
            var acquired = await Task.WhenAll(owners.Select(o => Task.Run(() => o.Acquire())));

            Assert.Equal(1, acquired.Count(a => a));
            Assert.Equal(1, owners.Count(o => o.CheckLease()));
            var holder = owners[Array.IndexOf(acquired, true)];
            Assert.True(holder.CheckLease());
            Assert.True(await holder.Release());
        }
    }

    [Fact]
    public async Task A_released_lease_is_free_for_another_owner()
    {
        var (first, second) = (Lease("first"), Lease("second"));

        Assert.True(await first.Acquire());
        Assert.False(await second.Acquire());
        Assert.True(await first.Acquire());
        Assert.True(await first.Release());

        Assert.False(first.CheckLease());
        Assert.True(await second.Acquire());
        Assert.True(second.CheckLease());
        Assert.Null(await Expires("first"));
    }

    [Fact]
    public async Task A_holder_whose_term_ran_out_loses_the_lease_to_the_next_owner_and_is_told()
    {
        var (holder, next) = (Lease("holder"), Lease("next"));
        var lost = new TaskCompletionSource<Exception>(TaskCreationOptions.RunContinuationsAsynchronously);
        Assert.True(await holder.Acquire(e => lost.TrySetResult(e)));
        Assert.False(await next.Acquire());

        // What a holder frozen (SIGSTOP) past its term leaves behind: a row whose expiry has passed.
        await Sql($"UPDATE {PostgresLease.TableName} SET expires = clock_timestamp() - interval '1 second' WHERE name = @name");

        Assert.True(await next.Acquire());
        Assert.IsType<LeaseException>(await lost.Task.WaitAsync(Deadline));
        Assert.False(holder.CheckLease());
        Assert.True(next.CheckLease());
        Assert.False(await holder.Acquire());
        Assert.NotNull(await Expires("next"));
    }

    [Fact]
    public async Task A_lease_left_by_a_holder_that_is_gone_is_taken_once_its_term_ran_out_and_not_before()
    {
        var owner = Lease("owner");
        await Sql($"INSERT INTO {PostgresLease.TableName} VALUES (@name, 'gone', clock_timestamp() + interval '1 hour')");
        Assert.False(await owner.Acquire());

        await Sql($"UPDATE {PostgresLease.TableName} SET expires = clock_timestamp() - interval '1 second' WHERE name = @name");

        Assert.True(await owner.Acquire());
        Assert.Null(await Expires("gone"));
    }

    [Fact]
    public async Task A_holder_whose_actor_system_shuts_down_releases_the_lease()
    {
        var other = ActorSystem.Create("other", LeaseConfig(postgres.Server.ConnectionString));
        var leaving = LeaseProvider.Get(other).GetLease(_lease, ClusterConfig.LeasePath, "leaving");
        Assert.True(await leaving.Acquire());
        Assert.False(await Lease("staying").Acquire());

        await CoordinatedShutdown.Get(other).Run(CoordinatedShutdown.ClrExitReason.Instance);

        Assert.Null(await Expires("leaving"));
        Assert.True(await Lease("staying").Acquire());
    }

    [Fact]
    public async Task The_table_is_created_when_the_lease_starts()
    {
        using var fresh = PostgresServer.Start();
        using var system = ActorSystem.Create("fresh", LeaseConfig(fresh.ConnectionString));

        LeaseProvider.Get(system).GetLease(_lease, ClusterConfig.LeasePath, "owner");

        await AwaitAssertAsync(async () =>
        {
            await using var source = NpgsqlDataSource.Create(fresh.ConnectionString);
            await using var command = source.CreateCommand($"SELECT to_regclass('{PostgresLease.TableName}') IS NOT NULL");
            Assert.True((bool)(await command.ExecuteScalarAsync())!);
        }, Deadline, TimeSpan.FromMilliseconds(200));
        await system.Terminate();
    }

    /// <summary>The lease's config as a member gets it, with a term no machine stalls through and renewals every second.</summary>
    private static Config LeaseConfig(string connectionString) =>
        ConfigurationFactory.ParseString($"{ClusterConfig.LeasePath} {{ heartbeat-timeout = 1h, heartbeat-interval = 1s }}")
            .WithFallback(ClusterConfig.Downing(EngineConfig.DefaultSettings with
            {
                Postgres = connectionString,
                Downing = ClusterDowning.LeaseMajority,
            }));

    private Lease Lease(string owner) => LeaseProvider.Get(Sys).GetLease(_lease, ClusterConfig.LeasePath, owner);

    /// <summary>When <paramref name="owner"/>'s hold on the test's lease ends, by the database; null if it holds no row.</summary>
    private async Task<DateTime?> Expires(string owner)
    {
        await using var source = NpgsqlDataSource.Create(postgres.Server.ConnectionString);
        await using var command = source.CreateCommand($"SELECT expires FROM {PostgresLease.TableName} WHERE name = @name AND owner = @owner");
        command.Parameters.AddWithValue("name", _lease);
        command.Parameters.AddWithValue("owner", owner);
        return (DateTime?)await command.ExecuteScalarAsync();
    }

    /// <summary>Runs <paramref name="sql"/> on the test's lease row, which it must touch; the table made as the lease makes it.</summary>
    private async Task Sql(string sql)
    {
        await using (var table = new PostgresLeaseTable(postgres.Server.ConnectionString, Deadline))
            await table.CreateAsync();
        await using var source = NpgsqlDataSource.Create(postgres.Server.ConnectionString);
        await using var command = source.CreateCommand(sql);
        command.Parameters.AddWithValue("name", _lease);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}
