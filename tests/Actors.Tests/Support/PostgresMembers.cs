namespace Actors.Tests.Support;

using Akka.Actor;
using Akka.Configuration;
using Engine;
using Engine.Actors;
using Engine.Actors.Cluster;
using Engine.Kernels;
using Npgsql;

/// <summary>
/// Engine members journalling to a PostgreSQL server of their own (so their jobs are sharded), each an ActorSystem
/// of this process on its own loopback port; disposed with every member terminated and the server stopped.
/// </summary>
public sealed class PostgresMembers : IDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private const string Config = "akka.loglevel = WARNING";
    private readonly List<ActorSystem> _members = [];

    public PostgresServer Server { get; } = PostgresServer.Start();

    public IReadOnlyList<ActorSystem> Members => _members;

    /// <summary>Starts a member running <paramref name="kernel"/> as <paramref name="name"/>, one chunk per span, and waits until it is up.</summary>
    /// <param name="seed">The cluster to join; null: a cluster of its own.</param>
    /// <param name="snapshotEvery">Spans between its ledgers' snapshots.</param>
    /// <param name="config">Config of its own, over the members' defaults.</param>
    public async Task<(ActorSystem Member, WorkEngine Engine)> Start(string name, IChunkKernel kernel, string? seed, int snapshotEvery,
        Config? config = null)
    {
        var memberConfig = ClusterConfig.Member("127.0.0.1", 0, seed is null ? [] : [seed])
            .WithFallback(config ?? Akka.Configuration.Config.Empty)
            .WithFallback(ConfigurationFactory.ParseString(Config));
        var member = ActorSystem.Create("engine", ClusterConfig.Setup(memberConfig, null));
        _members.Add(member);
        var engine = WorkEngine.Start(member, EngineFixtures.FakeTwoNodes with
        {
            Journal = new JournalSettings(true, Path.GetTempPath(), snapshotEvery, TimeSpan.FromHours(1), JournalStore.Postgres),
            Postgres = Server.ConnectionString,
            SpanTarget = TimeSpan.FromTicks(1),
        }).Register(name, kernel);
        var cluster = Akka.Cluster.Cluster.Get(member);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(up.SetResult);
        cluster.Join(seed is null ? cluster.SelfAddress : Address.Parse(seed));
        await up.Task.WaitAsync(Timeout);
        return (member, engine);
    }

    public void Dispose()
    {
        foreach (var member in _members)
            member.Terminate().Wait(TimeSpan.FromSeconds(30));
        NpgsqlConnection.ClearAllPools();
        Server.Dispose();
    }
}
