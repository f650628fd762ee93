namespace Engine.Host.Bench;

using Engine.Jobs;

/// <summary>
/// One timed run of `bench cluster`'s hash job, with what explains a slow one: CPU the machine left idle or the
/// hypervisor took (<see cref="MachineCpuTime"/>), and the job's own statistics (copies, take-backs, re-queues).
/// </summary>
public sealed record TimedHashRun(double Seconds, MachineCpuTime Cpu, JobStatistics Statistics);
