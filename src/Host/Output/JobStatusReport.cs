namespace Engine.Host.Output;

using System.Text.Json.Nodes;
using Engine.Actors.Coordination;

/// <summary>`status --job ID`: one job's state, progress, how much of it the journal holds and the member it runs on.</summary>
public static class JobStatusReport
{
    public static string Text(JobStatus s) =>
        $"job {s.JobId} ({s.Kernel}): {s.State.ToString().ToLowerInvariant()}"
        + (s.Progress is { } p ? $", chunks {p.ChunksDone:N0}/{p.Chunks:N0}, {p.Helpers} helper(s), {p.Elapsed.TotalSeconds:0.0} s" : "")
        + (s.Journaled ? $"; journalled: {s.ChunksJournaled:N0} chunk(s) written" : "; not journalled")
        + (s.Owner is { } owner ? $"; runs on {owner}" : "");

    public static string Json(JobStatus s) => new JsonObject
    {
        ["job_id"] = s.JobId,
        ["kernel"] = s.Kernel,
        ["state"] = s.State.ToString().ToLowerInvariant(),
        ["chunks_done"] = s.Progress?.ChunksDone,
        ["chunks"] = s.Progress?.Chunks,
        ["items_done"] = s.Progress?.ItemsDone,
        ["helpers"] = s.Progress?.Helpers,
        ["journaled"] = s.Journaled,
        ["chunks_journaled"] = s.ChunksJournaled,
        ["owner"] = s.Owner,
    }.ToJsonString();
}
