namespace Host.Tests;

using Engine.Host;

/// <summary>Sizes as people write them, exactly up to long.MaxValue and refused beyond it.</summary>
public class SizeTextTests
{
    [Theory]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("4096", 4096L)]
    [InlineData("1e7", 10_000_000L)]
    [InlineData("64KiB", 65_536L)]
    [InlineData("2GiB", 2L << 30)]
    [InlineData("1.5k", 1_500L)]
    public void A_size_in_range_is_read_exactly(string text, long expected)
    {
        Assert.True(SizeText.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("9223372036854775808")]
    [InlineData("1e19")]
    [InlineData("9223372036854775807KiB")]
    [InlineData("8EiB")]
    [InlineData("-1")]
    [InlineData("0.5")]
    public void A_size_out_of_range_or_not_whole_is_refused(string text)
    {
        Assert.False(SizeText.TryParse(text, out _));
    }
}
