namespace Actors.Tests.Cluster;

using Akka.Configuration;
using Engine;
using Engine.Actors;
using Engine.Actors.Cluster;

/// <summary><c>engine.cluster.downing</c>: which split-brain strategy a member runs, and the values refused.</summary>
public sealed class ClusterDowningTests
{
    private const string Postgres = "Host=127.0.0.1;Username=engine;Database=engine";

    [Theory]
    [InlineData("auto", null, ClusterDowning.KeepMajority, "keep-majority")]
    [InlineData("auto", Postgres, ClusterDowning.LeaseMajority, "lease-majority")]
    [InlineData("keep-majority", Postgres, ClusterDowning.KeepMajority, "keep-majority")]
    [InlineData("lease-majority", Postgres, ClusterDowning.LeaseMajority, "lease-majority")]
    public void A_member_runs_lease_majority_only_with_a_database_for_the_lease(string downing, string? postgres,
        ClusterDowning expected, string strategy)
    {
        var settings = EngineConfig.Read(Engine(downing, postgres));

        var member = ClusterConfig.Downing(settings).WithFallback(ClusterConfig.Member("127.0.0.1", 0, []));

        Assert.Equal(expected, settings.Downing);
        Assert.Equal(strategy, member.GetString("akka.cluster.split-brain-resolver.active-strategy"));
        if (expected == ClusterDowning.LeaseMajority)
        {
            var lease = member.GetConfig(member.GetString("akka.cluster.split-brain-resolver.lease-majority.lease-implementation"));
            Assert.Equal(typeof(PostgresLease), Type.GetType(lease.GetString("lease-class"), throwOnError: true));
            Assert.Equal(settings.Postgres, lease.GetString("connection-string"));
        }
    }

    [Theory]
    [InlineData("lease-majority", null, "engine.postgres")]
    [InlineData("majority", Postgres, "'auto', 'keep-majority' or 'lease-majority'")]
    public void A_downing_that_cannot_work_is_refused_naming_the_key(string downing, string? postgres, string said)
    {
        var error = Assert.Throws<EngineSettingException>(() => EngineConfig.Read(Engine(downing, postgres)));

        Assert.Equal("cluster.downing", error.Key);
        Assert.Contains(said, error.Message);
    }

    private static Config Engine(string downing, string? postgres) => ConfigurationFactory.ParseString(
        $"engine.cluster.downing = {HoconString.Quote(downing)}\nengine.postgres = {HoconString.Quote(postgres ?? "off")}");
}
