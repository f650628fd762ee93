namespace Engine.Host.Output;

using System.Text.Json;
using System.Text.Json.Nodes;
using Engine.Actors;
using Engine.Kernels.BuiltIn.Hash;
using Engine.Kernels.BuiltIn.MemInit;
using Engine.Throttling;

/// <summary>A finished run as text for people or as one JSON object for scripts.</summary>
public static class RunReport
{
    public static string Text(string kernel, JobResult result, HelperCaps? caps, string? reference = null)
    {
        var s = result.Statistics;
        var lines = new List<string>
        {
            $"result: {BuiltInJobs.Describe(result.Value)}",
            $"time: {s.Elapsed.TotalSeconds:0.000} s for {s.Items:N0} {BuiltInJobs.Unit(kernel)} ({s.Items / Math.Max(s.Elapsed.TotalSeconds, 1e-9):N0} {BuiltInJobs.Unit(kernel)}/s)",
            $"chunks: {s.Chunks:N0} of {s.ChunkSize:N0} items, planned for {s.PlannedThreads} threads; ran on: {Nodes(s.ChunksPerNode)}",
            $"helpers: {s.HelpersUsed} used ({Nodes(s.HelpersPerNode)}), at most {s.PeakHelpers} at once{(caps is null ? "" : $"; caps: {caps}")}",
        };
        if (reference is not null)
            lines.Insert(1, $"single-threaded: {reference} ({(reference == BuiltInJobs.Describe(result.Value) ? "equal" : "DIFFERENT")})");
        if (s.ChunksPerMember.Count > 1 || s.Requeued > 0 || s.DuplicatesDropped > 0)
            lines.Add($"members: {string.Join(", ", s.ChunksPerMember.OrderBy(m => m.Key).Select(m => $"{m.Key}: {m.Value} chunks"))}; "
                + $"{s.Requeued} span(s) handed out again, {s.DuplicatesDropped} late duplicate(s) dropped");
        if (s.TakenBack + s.LateSpans + s.StarvedSpans + s.Copies > 0)
            lines.Add($"leases: {s.TakenBack} span(s) taken back before they started, {s.StarvedSpans} starved and {s.LateSpans} late "
                + $"offered again; {s.Copies} extra cop(ies) run, {s.CopiesWon} of them first");
        if (s.Journaled)
            lines.Add($"journal: the job's ledger was kept (it would have resumed after a restart); {s.ResumedChunks:N0} chunk(s) read back, not run again");
        if (result.Value is MemInitResult memory)
            lines.Add($"memory first touched on: {Nodes(memory.BytesByNode.ToDictionary(e => e.Key, e => SizeText.Format(e.Value)))}");
        lines.AddRange(s.Decisions.Select(d => $"policy {d.Rule}: {d.Why}"));
        return string.Join(Environment.NewLine, lines);
    }

    public static string Json(string kernel, JobResult result, HelperCaps? caps, string? reference = null)
    {
        var s = result.Statistics;
        var json = new JsonObject
        {
            ["kernel"] = kernel,
            ["job_id"] = result.JobId,
            ["result"] = BuiltInJobs.Describe(result.Value),
            ["items"] = s.Items,
            ["chunks"] = s.Chunks,
            ["chunk_size"] = s.ChunkSize,
            ["planned_threads"] = s.PlannedThreads,
            ["elapsed_s"] = s.Elapsed.TotalSeconds,
            ["chunks_per_node"] = Map(s.ChunksPerNode),
            ["helpers_per_node"] = Map(s.HelpersPerNode),
            ["peak_helpers"] = s.PeakHelpers,
            ["chunks_per_member"] = new JsonObject(s.ChunksPerMember.OrderBy(m => m.Key).Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))),
            ["requeued"] = s.Requeued,
            ["duplicates_dropped"] = s.DuplicatesDropped,
            ["taken_back"] = s.TakenBack,
            ["starved_spans"] = s.StarvedSpans,
            ["late_spans"] = s.LateSpans,
            ["copies"] = s.Copies,
            ["copies_won"] = s.CopiesWon,
            ["journaled"] = s.Journaled,
            ["resumed_chunks"] = s.ResumedChunks,
            ["caps"] = caps is null ? null : new JsonObject { ["global"] = caps.Global, ["per_node"] = Map(caps.PerNode) },
            ["decisions"] = new JsonArray(s.Decisions.Select(d => (JsonNode)new JsonObject { ["rule"] = d.Rule, ["why"] = d.Why }).ToArray()),
            ["peak_rss_bytes"] = PeakRss.Bytes(),
            // Every thread stops for a GC, a starved helper included: its wait shows here, not as CPU time.
            ["gc_pause_s"] = GC.GetTotalPauseDuration().TotalSeconds,
        };
        if (reference is not null)
        {
            json["single_threaded"] = reference;
            json["verified"] = reference == BuiltInJobs.Describe(result.Value);
        }
        if (result.Value is MerkleSegment segment)
            json["root"] = segment.Root;
        if (result.Value is MemInitResult memory)
        {
            json["checksum"] = $"0x{memory.Checksum:x16}";
            json["bytes_per_node"] = Map(memory.BytesByNode);
        }
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private static string Nodes<T>(IReadOnlyDictionary<int, T> perNode) => perNode.Count == 0 ? "-"
        : string.Join(", ", perNode.OrderBy(p => p.Key).Select(p => $"{(p.Key < 0 ? "lane" : $"node {p.Key}")}: {p.Value}"));

    private static JsonObject Map<T>(IReadOnlyDictionary<int, T> perNode) =>
        new(perNode.OrderBy(p => p.Key).Select(p => KeyValuePair.Create(p.Key < 0 ? "lane" : p.Key.ToString(), JsonValue.Create(p.Value) as JsonNode)));
}
