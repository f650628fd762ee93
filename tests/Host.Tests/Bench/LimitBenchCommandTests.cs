namespace Host.Tests.Bench;

using System.Text.Json;
using Engine.Host;

/// <summary>
/// `bench KERNEL --json` on tiny jobs: the machine's limit sits beside every row, was measured on the row's threads,
/// and the table predicted for 16 cores is there. Only relations between figures are asserted, never a speed.
/// </summary>
public class LimitBenchCommandTests
{
    [Fact]
    public async Task Bench_burn_json_puts_the_plain_loop_limit_beside_every_row_and_its_result_is_the_engines()
    {
        var report = await Bench("burn", "--size", "20000");

        AssertLimitBesideEveryRow(report);
        var limit = report.GetProperty("limit");
        Assert.True(limit.GetProperty("result_compared").GetBoolean());
        Assert.True(report.GetProperty("same_result").GetBoolean());
        Assert.Equal(JsonValueKind.Null, report.GetProperty("input").ValueKind);
    }

    [Fact]
    public async Task Bench_hash_json_hashes_a_temporary_cached_file_against_the_sha256_ceiling_and_deletes_it()
    {
        var report = await Bench("hash", "--size", "4MiB");

        AssertLimitBesideEveryRow(report);
        Assert.Contains("SHA-256", report.GetProperty("limit").GetProperty("what").GetString());
        Assert.False(report.GetProperty("limit").GetProperty("result_compared").GetBoolean());
        Assert.True(report.GetProperty("same_result").GetBoolean());
        Assert.False(File.Exists(report.GetProperty("input").GetString()));
    }

    [Fact]
    public async Task Bench_hash_json_hashes_the_file_it_is_given()
    {
        var path = Path.GetTempFileName();
        await File.WriteAllBytesAsync(path, new byte[3 << 20]);
        try
        {
            var report = await Bench("hash", "--file", path);

            Assert.Equal(path, report.GetProperty("input").GetString());
            Assert.Equal(3 << 20, report.GetProperty("size").GetInt64());
            Assert.True(report.GetProperty("same_result").GetBoolean());
            Assert.True(File.Exists(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Bench_meminit_json_puts_the_first_touch_fill_limit_beside_every_row()
    {
        var report = await Bench("meminit", "--size", "8MiB");

        AssertLimitBesideEveryRow(report);
        Assert.Contains("mmap", report.GetProperty("limit").GetProperty("what").GetString());
        Assert.True(report.GetProperty("same_result").GetBoolean());
    }

    private static void AssertLimitBesideEveryRow(JsonElement report)
    {
        var rows = report.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal([1, 2], rows.Select(r => r.GetProperty("helpers").GetInt32()));
        foreach (var row in rows)
        {
            Assert.True(row.GetProperty("limit_mean_s").GetDouble() > 0);
            Assert.True(row.GetProperty("limit_best_s").GetDouble() > 0);
            Assert.True(row.GetProperty("limit_best_s").GetDouble() <= row.GetProperty("limit_mean_s").GetDouble());
            Assert.True(row.GetProperty("best_s").GetDouble() <= row.GetProperty("mean_s").GetDouble());
            var ratio = row.GetProperty("limit_mean_s").GetDouble() / row.GetProperty("mean_s").GetDouble();
            Assert.InRange(row.GetProperty("limit_ratio").GetDouble(), ratio * 0.99, ratio * 1.01);
            Assert.True(row.GetProperty("limit_ratio_best").GetDouble() > 0);
            Assert.True(row.GetProperty("cpu_s").GetDouble() > 0);
            Assert.True(row.GetProperty("limit_cpu_s").GetDouble() > 0);
            Assert.True(row.GetProperty("limit_cpu_ratio").GetDouble() > 0);
        }
        var limit = report.GetProperty("limit");
        Assert.Equal(rows[^1].GetProperty("helpers").GetInt32(), limit.GetProperty("threads").GetInt32());
        Assert.Equal(rows[^1].GetProperty("limit_ratio").GetDouble(), limit.GetProperty("ratio").GetDouble());
        Assert.Equal(rows[^1].GetProperty("mean_s").GetDouble(), limit.GetProperty("engine_mean_s").GetDouble());
        Assert.True(report.GetProperty("job_cost_s").GetDouble() > 0);
        Assert.True(report.GetProperty("span_cost_s").GetDouble() >= 0);

        var predicted = report.GetProperty("predicted");
        Assert.Equal(16, predicted.GetProperty("cores").GetInt32());
        Assert.Equal(2, predicted.GetProperty("nodes").GetInt32());
        var table = predicted.GetProperty("rows").EnumerateArray().ToArray();
        Assert.Equal(Enumerable.Range(1, 16), table.Select(r => r.GetProperty("threads").GetInt32()));
        Assert.Equal(1, table[0].GetProperty("speedup").GetDouble());
        Assert.All(table, r => Assert.True(r.GetProperty("seconds").GetDouble() > 0));
        Assert.All(table, r => Assert.True(r.GetProperty("speedup").GetDouble() > 0));
        Assert.NotEmpty(predicted.GetProperty("assumptions").EnumerateArray());
    }

    private static async Task<JsonElement> Bench(string kernel, params string[] options)
    {
        var output = new StringWriter();
        var code = await Cli.RunAsync(["bench", kernel, .. options, "--helpers", "2", "--repeats", "1", "--idle-seconds", "0.2",
            "--politeness-seconds", "0", "--journal-repeats", "0", "--busy-repeats", "0", "--json"], output, TextWriter.Null);
        Assert.Equal(0, code);
        return JsonDocument.Parse(output.ToString()).RootElement;
    }
}
