namespace Engine.Actors.Cluster;

using Akka.Actor;
using Akka.Event;
using Engine.Actors.Throttling;
using Engine.Throttling;

// Between the engine members of a cluster: one member's coordinator lends its jobs to every other member's
// helpers, and any member answers for the whole cluster's status.

/// <summary>A remote member's coordinator has a job this member's helpers may pull from.</summary>
public sealed record HelpWithJob(OpenJob Job);

/// <summary>The remote job needs no more helpers.</summary>
public sealed record StopHelping(string JobId) : IDeadLetterSuppression;

/// <summary>
/// From a coordinator to a member whose helpers run copies it no longer needs (another copy won): they stop.
/// Obeyed only for leases of the sending coordinator's own member.
/// </summary>
public sealed record StopCopies(string JobId, long[] Leases) : IDeadLetterSuppression;

/// <summary>Where this member reports members lost mid-job: the coordinator whose spans they held.</summary>
public sealed record ReportMemberLossTo(IActorRef Coordinator);

public sealed record GetClusterReport
{
    public static readonly GetClusterReport Instance = new();
}

public sealed record GetMemberReport
{
    public static readonly GetMemberReport Instance = new();
}

/// <param name="Nodes">NUMA node id to its CPUs.</param>
/// <param name="Throttler">The member's caps and busy helpers, null if it did not answer in time.</param>
/// <param name="Machine">The member's boot id (<see cref="Topology.MachineIdentity"/>): members that share it share CPUs.</param>
public sealed record MemberReport(string Address, string Status, IReadOnlyDictionary<int, int[]> Nodes,
    IReadOnlyList<string> Kernels, ThrottlerState? Throttler, string? Machine = null);

public sealed record ClusterReport(string AnsweredBy, IReadOnlyList<MemberReport> Members);

/// <summary>A member's helpers, as counted when planning jobs (a member's global cap).</summary>
internal sealed record MemberCapacity(Address Member, HelperCaps Caps);
