namespace Engine.Tests.Threading;

using Engine.Threading;

public sealed class CpuMaskTests
{
    [Fact]
    public void Cpus_beyond_64_land_in_later_words_and_round_trip()
    {
        int[] cpus = [1500, 0, 63, 64, 129];

        var mask = CpuMask.Encode(cpus);

        Assert.Equal(1500 / 64 + 1, mask.Length);
        Assert.Equal((1UL << 63) | 1UL, mask[0]);
        Assert.Equal(1UL, mask[1]);
        Assert.Equal(1UL << 1, mask[2]);
        Assert.Equal([0, 63, 64, 129, 1500], CpuMask.Decode(mask));
    }

    [Fact]
    public void An_empty_or_negative_cpu_list_is_refused()
    {
        Assert.Throws<ArgumentException>(() => CpuMask.Encode([]));
        Assert.Throws<ArgumentOutOfRangeException>(() => CpuMask.Encode([-1]));
    }
}
