namespace Engine.Policies;

using System.Globalization;

/// <summary>Configured helper caps: null is "auto" (ktask's 80% default), otherwise a positive count.</summary>
public sealed record CapsConfig(int? PerNode, int? Global)
{
    public static CapsConfig Auto { get; } = new(null, null);

    /// <summary>Parses the two settings, each "auto" or a positive integer.</summary>
    public static CapsConfig Parse(string perNode, string global) =>
        new(ParseCap(perNode, "per-node cap"), ParseCap(global, "global cap"));

    public static int? ParseCap(string text, string name)
    {
        var trimmed = text.Trim();
        if (trimmed.Equals("auto", StringComparison.OrdinalIgnoreCase))
            return null;
        return int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var cap) && cap > 0
            ? cap
            : throw new FormatException($"{name} '{text}' is neither 'auto' nor a positive integer");
    }
}
