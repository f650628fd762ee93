namespace Engine.Threading;

using System.Globalization;

/// <summary>
/// What the kernel says about one thread of this process (/proc/self/task/&lt;tid&gt;/stat): its name, nice,
/// the CPU it last ran on, the CPU time it has used in clock ticks (user + system), and its scheduling policy
/// (0 SCHED_OTHER, 5 SCHED_IDLE; <c>ps -o cls</c> shows TS and IDL).
/// </summary>
public sealed record ThreadStat(int ThreadId, string Comm, char State, int Nice, int Processor, long CpuTicks, int Policy)
{
    public const int SchedIdle = 5;

    // Zero-based positions after the comm's closing parenthesis, i.e. stat field number minus 3 (proc(5)).
    private const int StateField = 0;
    private const int UtimeField = 11;
    private const int StimeField = 12;
    private const int NiceField = 16;
    private const int ProcessorField = 36;
    private const int PolicyField = 38;

    public static ThreadStat Read(int tid) =>
        Parse(tid, File.ReadAllText($"/proc/self/task/{tid.ToString(CultureInfo.InvariantCulture)}/stat"));

    /// <summary>A thread of another process, e.g. an engine started as a child.</summary>
    public static ThreadStat Read(int pid, int tid) => Parse(tid,
        File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/task/{tid.ToString(CultureInfo.InvariantCulture)}/stat"));

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
        if (fields.Length <= PolicyField)
            throw new FormatException($"thread stat line has {fields.Length} fields after comm, expected more than {PolicyField}: {line}");

        return new ThreadStat(
            tid,
            line[(open + 1)..close],
            fields[StateField][0],
            int.Parse(fields[NiceField], CultureInfo.InvariantCulture),
            int.Parse(fields[ProcessorField], CultureInfo.InvariantCulture),
            long.Parse(fields[UtimeField], CultureInfo.InvariantCulture) + long.Parse(fields[StimeField], CultureInfo.InvariantCulture),
            int.Parse(fields[PolicyField], CultureInfo.InvariantCulture));
    }
}
