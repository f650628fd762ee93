namespace Engine.Actors.Throttling;

using Akka.Event;
using Engine.Actors.Workers;
using Engine.Throttling;

/// <summary>A worker is free to help (sent at start, after a restart, and after detaching). Sender: the worker.</summary>
public sealed record WorkerReady(int Node);

/// <summary>A coordinator asks for up to <paramref name="HelpersWanted"/> helpers, on the preferred nodes if they have room.</summary>
/// <param name="AcrossMembers">In a cluster, other members' helpers may pull this job's chunks too.</param>
public sealed record OpenJob(JobTicket Ticket, int HelpersWanted, IReadOnlyList<int> PreferredNodes, bool AcrossMembers = false);

/// <summary>The job needs no more helpers (it ended or is winding down).</summary>
public sealed record CloseJob(string JobKey) : IDeadLetterSuppression;

/// <summary>The job's coordinator is gone: its helpers stop asking it for chunks and come back.</summary>
public sealed record AbandonJob(string JobKey) : IDeadLetterSuppression;

/// <summary>A worker has run its last span of the job and is free again. Sender: the worker.</summary>
public sealed record WorkerDetached(string JobKey, int Node) : IDeadLetterSuppression;

public sealed record GetThrottlerState
{
    public static readonly GetThrottlerState Instance = new();
}

/// <param name="LeavingPerNode">Helpers counted as running that lowered caps have sent away: they leave at their next span boundary.</param>
public sealed record ThrottlerState(HelperCaps Caps, IReadOnlyDictionary<int, int> RunningPerNode, int RunningTotal,
    IReadOnlyDictionary<int, int> IdlePerNode, int OpenJobs, IReadOnlyDictionary<int, int>? LeavingPerNode = null)
{
    public int Leaving(int node) => LeavingPerNode?.GetValueOrDefault(node) ?? 0;

    public int LeavingTotal => LeavingPerNode?.Values.Sum() ?? 0;
}

/// <summary>The limits changed (see LimitsWatcher): new grants obey these caps; running helpers finish their chunks.</summary>
public sealed record UpdateCaps(HelperCaps Caps);
