namespace Engine.Actors.Protocol;

using Engine.Actors.Cluster;
using Engine.Actors.Coordination;
using Engine.Actors.Throttling;
using Engine.Actors.Workers;
using Engine.Jobs;
using Engine.Planning;
using Engine.Policies;
using Engine.Throttling;

/// <summary>
/// Everything the engine accepts from another process, in one place. A remote message must be one of
/// <see cref="Messages"/>; <see cref="Values"/> (and each registered kernel's <c>WireTypes</c>) may only appear
/// inside one. Every other engine type is local to its process and refused from the wire: timers,
/// <see cref="UpdateCaps"/>, <see cref="Actors.Throttling.LimitsChanged"/>, <see cref="WorkerReady"/>, <see cref="WorkerDetached"/>, <see cref="AttachToJob"/>,
/// <see cref="OpenJob"/> and <see cref="CloseJob"/> on their own, <see cref="AbandonJob"/>, <see cref="LeaveJob"/>, <see cref="UndoChunks"/>,
/// <see cref="MemberLost"/>, <see cref="ClusterCapacity"/>, <see cref="ReportMemberLossTo"/>, and the throttler's state queries.
/// </summary>
public static class WireProtocol
{
    public static readonly IReadOnlyList<Type> Messages =
    [
        // A submitter and the coordinator it submits to.
        typeof(SubmitJob), typeof(SubmissionRefused), typeof(JobAccepted), typeof(JobProgress), typeof(JobCompleted),
        typeof(JobFailed), typeof(CancelJob),
        // Anyone asking after a job by id (`wait`, `status --job`), also after its submitter is gone.
        typeof(WatchJob), typeof(GetJobStatus), typeof(JobStatus), typeof(JobUnknown),
        // A remote member's workers and the coordinator whose chunks they pull.
        typeof(RequestChunks), typeof(ChunksGranted), typeof(NoMoreChunks), typeof(ChunksDone), typeof(ChunkFailed),
        typeof(ChunksReturned),
        // A member's coordinator and a job's entity on another member (cluster sharding).
        typeof(StartJob),
        // Engine members among themselves, and a status client.
        typeof(HelpWithJob), typeof(StopHelping), typeof(StopCopies), typeof(GetMemberReport), typeof(MemberReport),
        typeof(GetClusterReport), typeof(ClusterReport),
    ];

    public static readonly IReadOnlyList<Type> Values =
    [
        typeof(JobSpec), typeof(LocalNodePlacement), typeof(AnyNodePlacement), typeof(NodesPlacement), typeof(NodeShare),
        typeof(JobStatistics), typeof(PolicyDecision), typeof(JobFailureKind), typeof(ChunkRange), typeof(JobState),
        typeof(ChunkPlan), typeof(ChunkSpan), typeof(NodePart),
        // What HelpWithJob carries: the lending coordinator's ticket, checked by the helping member.
        typeof(OpenJob), typeof(JobTicket),
        typeof(ThrottlerState), typeof(HelperCaps),
    ];
}
