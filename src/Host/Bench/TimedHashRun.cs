namespace Engine.Host.Bench;

using Engine.Jobs;

/// <summary>
/// One timed run of `bench cluster`'s hash job, with what explains a slow one: CPU the machine left idle or the
/// hypervisor took (<see cref="MachineCpuTime"/>), and the job's own copies, take-backs and re-queues.
/// </summary>
public sealed record TimedHashRun(double Seconds, MachineCpuTime Cpu, long Copies, long CopiesWon, long StarvedSpans,
    long LateSpans, long TakenBack, long Requeued)
{
    public static TimedHashRun Of(double seconds, MachineCpuTime cpu, JobStatistics statistics) => new(seconds, cpu,
        statistics.Copies, statistics.CopiesWon, statistics.StarvedSpans, statistics.LateSpans, statistics.TakenBack,
        statistics.Requeued);
}
