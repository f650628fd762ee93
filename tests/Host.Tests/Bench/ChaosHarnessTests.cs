namespace Host.Tests.Bench;

using Engine.Host.Bench.Chaos;
using Host.Tests.Support;

/// <summary>
/// Fixed seeds of the chaos harness: members killed, frozen and slowed, caps lowered, chunks thrown and jobs
/// cancelled at random moments; member processes partitioned, slowed and stopped in network namespaces; after
/// each schedule every job's invariants hold. `bench chaos` runs more.
/// </summary>
public class ChaosHarnessTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    public async Task Every_job_of_a_chaos_schedule_is_right_or_failed_for_a_stated_reason_and_nothing_hangs_leaks_or_exceeds_a_cap(int seed)
    {
        var schedule = ChaosSchedule.Make(seed);
        Assert.False(schedule.OnNetwork);

        await AssertHolds(schedule);
    }

    /// <summary>Seed 15: a partition past the downing, healed (the member rejoins); 1: slow link, SIGSTOP past the downing and a partition at once.</summary>
    [NetworkChaosTheory]
    [InlineData(15)]
    [InlineData(1)]
    public async Task Every_job_stays_right_or_fails_for_a_stated_reason_when_a_member_process_is_partitioned_slowed_or_stopped(int seed)
    {
        var schedule = ChaosSchedule.Make(seed);
        Assert.True(schedule.OnNetwork);

        await AssertHolds(schedule);
    }

    [Fact]
    public async Task A_network_schedule_on_a_machine_without_namespaces_is_skipped_saying_why_not_passed_silently()
    {
        const string reason = "network namespaces need root (running as nobody)";

        var outcome = await ChaosHarness.RunAsync(ChaosSchedule.Make(15), CancellationToken.None, networkUnavailable: () => reason);
        var report = new ChaosReport(15, [outcome]);

        Assert.Contains(reason, outcome.Skipped);
        Assert.Equal(0, outcome.CapSamples);
        Assert.Contains($"skipped 1 schedule(s) (seeds 15): {outcome.Skipped}", report.ToText());
        Assert.Equal(1, report.ToJson()["skipped"]!.GetValue<int>());
    }

    [Fact]
    public void Network_schedules_harm_one_member_only_so_a_majority_always_stays()
    {
        var network = Enumerable.Range(1, 200).Select(ChaosSchedule.Make).Where(s => s.OnNetwork).ToArray();

        Assert.NotEmpty(network);
        Assert.All(network, s => Assert.Single(s.Faults.Select(f => f.Member).Distinct()));
    }

    private static async Task AssertHolds(ChaosSchedule schedule)
    {
        var outcome = await ChaosHarness.RunAsync(schedule, CancellationToken.None);

        Assert.True(outcome.Passed, string.Join(Environment.NewLine, outcome.Problems));
        Assert.Null(outcome.Skipped);
        Assert.Equal(outcome.Jobs, outcome.Completed + outcome.FailedAsExplained);
        Assert.True(outcome.CapSamples > 0, "the caps were never sampled");
    }

    [Fact]
    public void A_seed_makes_the_same_schedule_every_time_so_a_failing_one_replays()
    {
        var (first, again, other) = (ChaosSchedule.Make(42), ChaosSchedule.Make(42), ChaosSchedule.Make(43));

        Assert.Equal(first.Jobs, again.Jobs);
        Assert.Equal(first.Faults, again.Faults);
        Assert.NotEqual(first.Faults, other.Faults);
    }

    [Fact]
    public void Schedules_inject_faults_and_never_harm_the_submitters_member()
    {
        var schedules = Enumerable.Range(1, 50).Select(ChaosSchedule.Make).ToArray();

        Assert.All(schedules, s => Assert.NotEmpty(s.Faults));
        Assert.All(schedules.SelectMany(s => s.Faults), f => Assert.InRange(f.Member, 1, ChaosSchedule.Members - 1));
        Assert.Equal(Enum.GetValues<FaultKind>().Order(), schedules.SelectMany(s => s.Faults).Select(f => f.Kind).Distinct().Order());
    }
}
