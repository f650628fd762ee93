namespace Host.Tests.Bench;

using Engine.Host.Bench.Chaos;

/// <summary>
/// Fixed seeds of the chaos harness: members killed, frozen and slowed, caps lowered, chunks thrown and jobs
/// cancelled at random moments; after each schedule every job's invariants hold. `bench chaos` runs more.
/// </summary>
public class ChaosHarnessTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Every_job_of_a_chaos_schedule_is_right_or_failed_for_a_stated_reason_and_nothing_hangs_leaks_or_exceeds_a_cap(int seed)
    {
        var outcome = await ChaosHarness.RunAsync(ChaosSchedule.Make(seed), CancellationToken.None);

        Assert.True(outcome.Passed, string.Join(Environment.NewLine, outcome.Problems));
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
