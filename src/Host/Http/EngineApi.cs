namespace Engine.Host.Http;

using System.Text.Json.Nodes;
using Akka.Actor;
using Akka.Cluster;
using Engine.Actors;
using Engine.Actors.Cluster;
using Engine.Actors.Metrics;
using Engine.Actors.Throttling;

/// <summary>
/// What /api/members and /api/jobs answer, as JSON: in a cluster, every member as this member's EngineMember
/// reports them (the same report as <c>status</c>); in a single process, this process alone.
/// </summary>
public sealed class EngineApi(WorkEngine engine)
{
    /// <summary>A member that answers slower than this is listed without its helpers (as <c>status</c> does).</summary>
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(5);

    public const string LocalStatus = "local";

    public async Task<JsonObject> Members(CancellationToken cancellation)
    {
        ClusterReport report;
        string? error = null;
        try
        {
            report = IsClusterMember
                ? await engine.System.ActorSelection(EngineActorNames.LocalPath(EngineActorNames.Member))
                    .Ask<ClusterReport>(GetClusterReport.Instance, AnswerTimeout, cancellation)
                : new ClusterReport(engine.Metrics.Member, [await LocalMember(cancellation)]);
        }
        catch (AskTimeoutException)
        {
            (report, error) = (new ClusterReport(engine.Metrics.Member, []), $"this member's engine did not answer within {AnswerTimeout.TotalSeconds:0} s");
        }
        return new JsonObject
        {
            ["error"] = error,
            ["answered_by"] = report.AnsweredBy,
            ["this_member"] = engine.Metrics.Member,
            ["decisions"] = new JsonArray(engine.Decisions
                .Select(d => (JsonNode)new JsonObject { ["rule"] = d.Rule, ["why"] = d.Why }).ToArray()),
            ["members"] = new JsonArray(report.Members.Select(Member).ToArray()),
        };
    }

    public JsonObject Jobs() => new()
    {
        ["member"] = engine.Metrics.Member,
        ["jobs"] = new JsonArray(engine.Metrics.Jobs.Snapshot().Select(Job).ToArray()),
    };

    private bool IsClusterMember => ((ExtendedActorSystem)engine.System).Provider is ClusterActorRefProvider;

    private async Task<MemberReport> LocalMember(CancellationToken cancellation)
    {
        ThrottlerState? state;
        try
        {
            state = await engine.Throttler.Ask<ThrottlerState>(GetThrottlerState.Instance, AnswerTimeout, cancellation);
        }
        catch (AskTimeoutException)
        {
            state = null;
        }
        return new MemberReport(engine.Metrics.Member, LocalStatus, engine.Topology.Nodes.ToDictionary(n => n.Id, n => n.Cpus.ToArray()),
            engine.Runtime.Kernels.Names.ToArray(), state);
    }

    private static JsonNode Member(MemberReport member) => new JsonObject
    {
        ["address"] = member.Address,
        ["status"] = member.Status,
        ["kernels"] = new JsonArray(member.Kernels.Select(k => (JsonNode)k).ToArray()),
        ["nodes"] = new JsonArray(member.Nodes.OrderBy(n => n.Key).Select(n => (JsonNode)new JsonObject
        {
            ["id"] = n.Key,
            ["cpus"] = new JsonArray(n.Value.Select(c => (JsonNode)c).ToArray()),
            ["busy"] = member.Throttler?.RunningPerNode.GetValueOrDefault(n.Key),
            ["idle"] = member.Throttler?.IdlePerNode.GetValueOrDefault(n.Key),
            ["cap"] = member.Throttler?.Caps.ForNode(n.Key),
        }).ToArray()),
        ["global_cap"] = member.Throttler?.Caps.Global,
        ["busy_helpers"] = member.Throttler?.RunningTotal,
        ["open_jobs"] = member.Throttler?.OpenJobs,
    };

    private static JsonNode Job(JobView job) => new JsonObject
    {
        ["job_id"] = job.JobId,
        ["kernel"] = job.Kernel,
        ["state"] = job.State,
        ["chunks"] = job.Chunks,
        ["chunks_done"] = job.ChunksDone,
        ["items"] = job.Items,
        ["items_done"] = job.ItemsDone,
        ["helpers"] = job.Helpers,
        ["peak_helpers"] = job.PeakHelpers,
        ["elapsed_s"] = job.Elapsed.TotalSeconds,
        ["requeued"] = job.Requeued,
        ["duplicates_dropped"] = job.DuplicatesDropped,
        ["failed_spans"] = job.FailedSpans,
        ["reason"] = job.Reason,
        ["started"] = job.Started.ToString("O"),
    };
}
