namespace Engine.Tests.Jobs;

using Engine.Jobs;
using Engine.Policies;

/// <summary>A job's statistics print their values, as a person reads them in a log, not their collections' type names.</summary>
public class JobStatisticsTests
{
    [Fact]
    public void ToString_lists_the_values_of_every_collection()
    {
        var statistics = new JobStatistics(TimeSpan.FromSeconds(1.5), 1000, 8, 125, 2,
            new Dictionary<int, int> { [0] = 1 }, new Dictionary<int, long> { [-1] = 5, [0] = 3 }, 1, 0, 0,
            [new PolicyDecision("ktask-default", "80% of the CPUs")], new Dictionary<string, long> { ["akka://engine"] = 8 });

        var text = statistics.ToString();

        Assert.DoesNotContain("System.Collections", text);
        Assert.Contains("chunks per node -1: 5, 0: 3", text);
        Assert.Contains("helpers per node 0: 1", text);
        Assert.Contains("chunks per member akka://engine: 8", text);
        Assert.Contains("ktask-default: 80% of the CPUs", text);
        Assert.StartsWith("1,000 items in 1.5 s, 8 chunk(s) of 125", text);
    }
}
