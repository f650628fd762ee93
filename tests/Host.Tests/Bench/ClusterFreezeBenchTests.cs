namespace Host.Tests.Bench;

using Engine.Host.Bench.Busy;

/// <summary>`bench busy`'s cluster row: a member frozen (SIGSTOP) while it helps does not hold the job up.</summary>
public class ClusterFreezeBenchTests
{
    [Fact]
    public async Task A_job_ends_while_a_helping_member_is_still_frozen_with_the_result_of_the_cluster_without_it()
    {
        // Frozen "for ever" (continued once the job ends): the job must end without it, however slow the machine.
        var row = await ClusterFreezeBench.RunAsync(10_000_000, TimeSpan.FromMinutes(10), repeats: 1, TextWriter.Null, CancellationToken.None);

        Assert.True(row.SameResult, row.ToText());
        Assert.True(row.Frozen["froze_while_helping"]!.GetValue<bool>(), row.ToText());
        Assert.True(row.Frozen["ended_while_frozen"]!.GetValue<bool>(), row.ToText());
    }
}
