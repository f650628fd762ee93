namespace Engine.Topology;

using System.Globalization;
using System.Text;

/// <summary>
/// The kernel's cpulist text ("0-3,8,10-11"), as in sysfs node/cpu files, cpuset files and
/// Cpus_allowed_list. Parsing yields sorted, distinct CPU numbers.
/// </summary>
public static class CpuList
{
    /// <summary>Above any kernel's NR_CPUS: a bigger number is a corrupt file, not a CPU.</summary>
    public const int MaxCpu = 65535;

    /// <summary>
    /// Parses a cpulist; empty or blank text is an empty list. <paramref name="source"/> (e.g. the file's
    /// path) starts the message of the <see cref="FormatException"/> thrown for bad text.
    /// </summary>
    public static IReadOnlyList<int> Parse(string text, string source = "cpulist")
    {
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
            return [];

        var cpus = new SortedSet<int>();
        foreach (var piece in trimmed.Split(','))
        {
            var bounds = piece.Trim().Split('-');
            if (bounds.Length > 2)
                throw Bad(source, text, $"'{piece}' is not a CPU or a range");
            var first = Cpu(bounds[0], source, text);
            var last = bounds.Length == 2 ? Cpu(bounds[1], source, text) : first;
            if (last < first)
                throw Bad(source, text, $"range '{piece}' runs backwards");
            for (var cpu = first; cpu <= last; cpu++)
                cpus.Add(cpu);
        }
        return cpus.ToArray();
    }

    /// <summary>Formats CPUs as the kernel does: ascending, consecutive runs collapsed to "a-b".</summary>
    public static string Format(IEnumerable<int> cpus)
    {
        var text = new StringBuilder();
        int? runStart = null, runEnd = null;
        foreach (var cpu in cpus.Distinct().Order())
        {
            if (runEnd == cpu - 1)
            {
                runEnd = cpu;
                continue;
            }
            AppendRun(text, runStart, runEnd);
            runStart = runEnd = cpu;
        }
        AppendRun(text, runStart, runEnd);
        return text.ToString();
    }

    private static void AppendRun(StringBuilder text, int? start, int? end)
    {
        if (start is not { } first || end is not { } last)
            return;
        if (text.Length > 0)
            text.Append(',');
        text.Append(first == last ? $"{first}" : $"{first}-{last}");
    }

    private static int Cpu(string digits, string source, string text)
    {
        var trimmed = digits.Trim();
        if (trimmed.Length == 0 || !trimmed.All(char.IsAsciiDigit))
            throw Bad(source, text, $"'{trimmed}' is not a CPU number");
        if (!int.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var cpu) || cpu > MaxCpu)
            throw Bad(source, text, $"CPU {trimmed} is above {MaxCpu}");
        return cpu;
    }

    private static FormatException Bad(string source, string text, string reason) =>
        new($"{source}: '{text.Trim()}' is not a cpulist: {reason}");
}
