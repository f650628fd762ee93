namespace Engine.Topology;

/// <summary>
/// The tightest CPU limits of the process's cgroups: the quota in CPUs (null: none) and the cpuset
/// (null: none found). <see cref="Notes"/> names the file behind each limit.
/// </summary>
public sealed record CgroupCpuLimits(double? CpuQuota, IReadOnlyList<int>? Cpuset, IReadOnlyList<string> Notes);
