using System.Globalization;

namespace Engine.Threading;

/// <summary>
/// What the kernel says about one thread of this process (/proc/self/task/&lt;tid&gt;/stat): its name, nice,
/// the CPU it last ran on, and the CPU time it has used in clock ticks (user + system).
/// </summary>
public sealed record ThreadStat(int ThreadId, string Comm, char State, int Nice, int Processor, long CpuTicks)
{
    // Zero-based positions after the comm's closing parenthesis, i.e. stat field number minus 3 (proc(5)).
    private const int StateField = 0;
    private const int UtimeField = 11;
    private const int StimeField = 12;
    private const int NiceField = 16;
    private const int ProcessorField = 36;

    public static ThreadStat Read(int tid) =>
        Parse(tid, File.ReadAllText($"/proc/self/task/{tid.ToString(CultureInfo.InvariantCulture)}/stat"));

    /// <summary>
    /// Parses one stat line. The comm sits in parentheses and may itself hold spaces and ')', so it ends
    /// at the LAST ')' of the line: no later field can contain one.
    /// </summary>
    internal static ThreadStat Parse(int tid, string line)
    {
        var open = line.IndexOf('(');
        var close = line.LastIndexOf(')');
        if (open < 0 || close < open)
            throw new FormatException($"no (comm) in thread stat line: {line}");

        var fields = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length <= ProcessorField)
            throw new FormatException($"thread stat line has {fields.Length} fields after comm, expected more than {ProcessorField}: {line}");

        return new ThreadStat(
            tid,
            line[(open + 1)..close],
            fields[StateField][0],
            int.Parse(fields[NiceField], CultureInfo.InvariantCulture),
            int.Parse(fields[ProcessorField], CultureInfo.InvariantCulture),
            long.Parse(fields[UtimeField], CultureInfo.InvariantCulture) + long.Parse(fields[StimeField], CultureInfo.InvariantCulture));
    }
}
