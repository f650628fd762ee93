namespace Engine.Host;

using System.Globalization;

/// <summary>Sizes as people write them: 4096, 1e9, 64KiB, 2GiB (binary) or 2G, 500k (decimal).</summary>
public static class SizeText
{
    private static readonly (string Suffix, long Factor)[] Suffixes =
    [
        ("KiB", 1L << 10), ("MiB", 1L << 20), ("GiB", 1L << 30), ("TiB", 1L << 40),
        ("k", 1_000), ("K", 1_000), ("M", 1_000_000), ("G", 1_000_000_000), ("T", 1_000_000_000_000), ("B", 1),
    ];

    public static bool TryParse(string text, out long value)
    {
        value = 0;
        var trimmed = text.Trim();
        var (suffix, factor) = Suffixes.FirstOrDefault(s => trimmed.EndsWith(s.Suffix, StringComparison.Ordinal), ("", 1));
        var number = trimmed[..^suffix.Length].Trim();
        // Whole numbers exactly (a double cannot hold every long); 1e7 and 1.5GiB through double.
        if (long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var whole))
            return long.MaxValue / factor >= whole && (value = whole * factor) >= 0;
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) || parsed < 0)
            return false;
        var total = parsed * factor;
        // 2^63 is the first double above long.MaxValue (which itself rounds up to it as a double).
        if (total >= 9_223_372_036_854_775_808d || total != Math.Floor(total))
            return false;
        value = (long)total;
        return true;
    }

    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 40 => $"{bytes / (double)(1L << 40):0.##} TiB",
        >= 1L << 30 => $"{bytes / (double)(1L << 30):0.##} GiB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):0.##} MiB",
        >= 1L << 10 => $"{bytes / (double)(1L << 10):0.##} KiB",
        _ => $"{bytes}",
    };
}
