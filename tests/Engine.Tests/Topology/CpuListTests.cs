namespace Engine.Tests.Topology;

using Engine.Topology;
using FsCheck.Xunit;

public sealed class CpuListTests
{
    [Fact]
    public void CpuList_parses_ranges_and_single_cpus_in_ascending_order()
    {
        Assert.Equal([0, 1, 2, 3, 8, 10, 11], CpuList.Parse("10-11,0-3,8"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("\n")]
    public void CpuList_reads_blank_text_as_no_cpus(string text)
    {
        Assert.Empty(CpuList.Parse(text));
    }

    [Fact]
    public void CpuList_ignores_the_trailing_newline_of_a_sysfs_file()
    {
        Assert.Equal([0, 1], CpuList.Parse("0-1\n"));
    }

    [Fact]
    public void CpuList_formats_consecutive_cpus_as_ranges()
    {
        Assert.Equal("0-3,8,10-11", CpuList.Format([11, 0, 1, 2, 3, 8, 10, 3]));
    }

    [Fact]
    public void CpuList_formats_no_cpus_as_empty_text()
    {
        Assert.Equal("", CpuList.Format([]));
    }

    [Theory]
    [InlineData("3-1", "runs backwards")]
    [InlineData("a", "'a' is not a CPU number")]
    [InlineData("1,,2", "'' is not a CPU number")]
    [InlineData("1-2-3", "not a CPU or a range")]
    [InlineData("-1", "'' is not a CPU number")]
    [InlineData("0-99999999", "above")]
    public void CpuList_rejects_bad_text_naming_its_source_and_the_fault(string text, string fault)
    {
        var error = Assert.Throws<FormatException>(() => CpuList.Parse(text, "/sys/x/cpulist"));
        Assert.StartsWith("/sys/x/cpulist: ", error.Message);
        Assert.Contains(fault, error.Message);
    }

    [Property]
    public bool CpuList_parse_reads_back_what_format_wrote(byte[] cpus)
    {
        var expected = cpus.Select(c => (int)c).Distinct().Order().ToArray();
        return CpuList.Parse(CpuList.Format(expected)).SequenceEqual(expected);
    }
}
