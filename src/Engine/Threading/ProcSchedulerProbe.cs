namespace Engine.Threading;

using System.Globalization;

/// <summary>Reads a thread of this process's schedstat (kernel CONFIG_SCHED_INFO: run ns, wait ns, timeslices).</summary>
public sealed class ProcSchedulerProbe : ISchedulerProbe
{
    public static readonly ProcSchedulerProbe Instance = new();

    public SchedSample? Sample(int threadId)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/self/task/{threadId.ToString(CultureInfo.InvariantCulture)}/schedstat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        return Parse(text);
    }

    internal static SchedSample? Parse(string text)
    {
        var fields = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 2
               && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var run)
               && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var wait)
            ? new SchedSample(run, wait)
            : null;
    }
}
