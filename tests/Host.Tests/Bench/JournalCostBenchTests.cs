namespace Host.Tests.Bench;

using System.Text.Json;
using Engine.Host.Bench;

/// <summary>The journal's cost in `bench`: both engines time the same jobs, and the journalled one really journals.</summary>
public class JournalCostBenchTests
{
    [Fact]
    public async Task Each_kernel_is_timed_with_the_journal_off_and_on_and_reported_as_a_ratio()
    {
        var rows = await JournalCostBench.MeasureAsync([("hash", 8L << 20), ("burn", 20_000)], 1, TextWriter.Null, CancellationToken.None);

        Assert.Equal(["hash", "burn"], rows.Select(r => r.Kernel));
        Assert.All(rows, r =>
        {
            Assert.True(r.OffMeanSeconds > 0 && r.OnMeanSeconds > 0);
            Assert.True(r.Chunks > 0);
            Assert.Equal(r.OnMeanSeconds / r.OffMeanSeconds, r.Ratio, 9);
        });
        var json = JsonDocument.Parse(JournalCostBench.ToJson(rows).ToJsonString()).RootElement;
        Assert.Equal(8L << 20, json[0].GetProperty("size").GetInt64());
        Assert.True(json[1].GetProperty("ratio").GetDouble() > 0);
    }

    [Fact]
    public async Task No_repeats_measure_nothing()
    {
        Assert.Empty(await JournalCostBench.MeasureAsync(JournalCostBench.Jobs, 0, TextWriter.Null, CancellationToken.None));
    }
}
