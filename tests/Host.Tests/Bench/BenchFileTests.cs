namespace Host.Tests.Bench;

using Engine.Host.Bench;
using Engine.Kernels.BuiltIn.Hash;

public class BenchFileTests
{
    [Fact]
    public void Bench_file_holds_the_generated_bytes_and_is_deleted_on_dispose()
    {
        const long size = (8 << 20) + 12_345;
        string path;
        using (var file = BenchFile.Write(size, seed: 9))
        {
            path = file.Path;
            var expected = new byte[size];
            SeededBytes.Fill(9, 0, expected);
            Assert.Equal(expected, File.ReadAllBytes(path));
        }

        Assert.False(File.Exists(path));
    }
}
