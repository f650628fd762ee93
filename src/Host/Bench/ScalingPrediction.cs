namespace Engine.Host.Bench;

using System.Text.Json.Nodes;
using Engine.Jobs;
using Engine.Planning;
using Engine.Throttling;
using Engine.Topology;

/// <summary>One line of the table on paper: threads on the job, predicted seconds and speedup over one thread.</summary>
public sealed record PredictedRow(int Threads, double Seconds, double Speedup);

/// <summary>
/// The speedup table predicted for a machine not at hand (16 cores in 2 NUMA nodes by default) from what this run
/// measured: the kernel's time per item at one thread, the job's fixed cost and the coordinator's cost per span.
/// Each row plans the job as the engine does for that many threads and replays it: every thread pulls the next
/// chunk when it finishes one, and the coordinator hands spans out one after another, each costing a span's time.
/// </summary>
public sealed record ScalingPrediction(int Cores, int Nodes, IReadOnlyList<PredictedRow> Rows, IReadOnlyList<string> Assumptions)
{
    public const int PaperCores = 16;
    public const int PaperNodes = 2;

    /// <param name="spec">The job as the bench ran it (its size, align and arguments).</param>
    /// <param name="oneThreadSeconds">The engine's mean time at one thread.</param>
    /// <param name="bytes">The job's items are bytes: the per-node bandwidth the prediction needs is stated.</param>
    public static ScalingPrediction Predict(JobSpec spec, long minChunk, int loadBalanceFactor, double oneThreadSeconds,
        SpanCosts costs, bool bytes, int cores = PaperCores, int nodes = PaperNodes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cores, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(nodes, 1);
        PredictedRow? first = null;
        var rows = new List<PredictedRow>();
        var itemSeconds = ItemSeconds(spec, minChunk, loadBalanceFactor, oneThreadSeconds, costs);
        for (var threads = 1; threads <= cores; threads++)
        {
            var plan = ChunkPlanner.Plan(spec with { MaxHelpers = threads, MinChunk = minChunk }, threads, loadBalanceFactor);
            var seconds = costs.JobSeconds + Replay(plan, threads, itemSeconds, costs.SpanSeconds);
            first ??= new PredictedRow(1, seconds, 1);
            rows.Add(new PredictedRow(threads, seconds, first.Seconds / seconds));
        }
        return new ScalingPrediction(cores, nodes, rows, StateAssumptions(spec, cores, nodes, itemSeconds, costs, bytes));
    }

    public JsonObject ToJson() => new()
    {
        ["cores"] = Cores,
        ["nodes"] = Nodes,
        ["rows"] = new JsonArray([.. Rows.Select(r => (JsonNode)new JsonObject
        {
            ["threads"] = r.Threads,
            ["seconds"] = Math.Round(r.Seconds, 4),
            ["speedup"] = Math.Round(r.Speedup, 3),
        })]),
        ["assumptions"] = new JsonArray([.. Assumptions.Select(a => (JsonNode)JsonValue.Create(a))]),
    };

    public IEnumerable<string> ToText()
    {
        yield return $"predicted for {Cores} cores in {Nodes} nodes: threads, speedup, seconds";
        foreach (var row in Rows)
            yield return $"{row.Threads,7}, {row.Speedup,7:0.00}x, {row.Seconds,8:0.000}";
        foreach (var assumption in Assumptions)
            yield return $"  assuming {assumption}";
    }

    /// <summary>The kernel's own seconds per item: the one-thread time less what the engine added to it.</summary>
    private static double ItemSeconds(JobSpec spec, long minChunk, int loadBalanceFactor, double oneThreadSeconds, SpanCosts costs)
    {
        var plan = ChunkPlanner.Plan(spec with { MaxHelpers = 1, MinChunk = minChunk }, 1, loadBalanceFactor);
        var work = oneThreadSeconds - costs.JobSeconds - plan.ChunkCount * costs.SpanSeconds;
        return Math.Max(work, 0) / Math.Max(1, spec.Size);
    }

    /// <summary>Greedy pulling: the earliest free thread takes the next chunk, once the coordinator has handed it out.</summary>
    private static double Replay(ChunkPlan plan, int threads, double itemSeconds, double spanSeconds)
    {
        var free = new PriorityQueue<int, double>();
        for (var thread = 0; thread < threads; thread++)
            free.Enqueue(thread, 0);
        double coordinator = 0, end = 0;
        for (long index = 0; index < plan.ChunkCount; index++)
        {
            free.TryDequeue(out var thread, out var at);
            // Requests are prefetched, so a hand-out waits only for the coordinator's earlier hand-outs.
            coordinator += spanSeconds;
            var done = Math.Max(at, coordinator) + plan.ChunkAt(index).Length * itemSeconds;
            end = Math.Max(end, done);
            free.Enqueue(thread, done);
        }
        return end;
    }

    private static List<string> StateAssumptions(JobSpec spec, int cores, int nodes, double itemSeconds, SpanCosts costs, bool bytes)
    {
        var perNode = (cores + nodes - 1) / nodes;
        var nodeCpus = Enumerable.Range(0, nodes).Select(n => new NumaNode(n, [.. Enumerable.Range(n * perNode, perNode)])).ToArray();
        var caps = HelperCaps.FromTopology(new MachineTopology(nodeCpus, [.. nodeCpus.SelectMany(n => n.Cpus)], null, ["on paper"]));
        var list = new List<string>
        {
            $"{cores} cores in {nodes} NUMA nodes of {perNode}, one thread per core, each core as fast as one core of this run",
            $"the kernel's own time as measured here at one thread: {itemSeconds * 1e9:0.###} ns per item, the same for every item, "
                + $"{spec.Size:N0} items",
            $"the engine's costs as measured here: {costs.JobSeconds * 1e3:0.###} ms per job, "
                + $"{costs.SpanSeconds * 1e6:0.###} µs per span, spans handed out one after another by one coordinator",
            "chunks as the engine's planner cuts the job for that many threads (caps raised to threads - 1 helpers, as this bench sets them); "
                + "each chunk its own span (so when a chunk takes longer than span-target); every thread pulls the next chunk as soon as it is done with one (prefetch hides the round trip)",
            $"with the default caps (80% of each node) a job would stop at {caps.Global + 1} threads ({caps.Global} helpers and the caller's lane)",
        };
        if (bytes)
            list.Add($"memory and the link between nodes keep up: each node must move {perNode / itemSeconds / 1e9:0.0} GB/s "
                + $"({perNode} cores at this run's {1 / itemSeconds / 1e9:0.00} GB/s per core); meminit touches memory on the "
                + "thread's own node, hash reads the page cache from wherever it lies");
        else
            list.Add("the work stays in each core's caches: no memory or interconnect traffic to share");
        return list;
    }
}
