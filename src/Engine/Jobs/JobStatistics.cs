namespace Engine.Jobs;

using Engine.Policies;

/// <summary>What a job used and how it went. Node -1 stands for the submitter's lane.</summary>
/// <param name="HelpersPerNode">Distinct helpers that ran at least one chunk, by node.</param>
/// <param name="ChunksPerNode">Chunks completed, by node (-1: the caller's lane).</param>
/// <param name="PeakHelpers">Most helpers attached at once, the lane not counted.</param>
/// <param name="Requeued">Spans handed out again because their helper was lost.</param>
/// <param name="DuplicatesDropped">Late results of spans already counted.</param>
/// <param name="Decisions">Which policy decided what, and why.</param>
/// <param name="ChunksPerMember">Chunks completed, by the address of the cluster member (or process) that ran them.</param>
public sealed record JobStatistics(
    TimeSpan Elapsed,
    long Items,
    long Chunks,
    long ChunkSize,
    int PlannedThreads,
    Dictionary<int, int> HelpersPerNode,
    Dictionary<int, long> ChunksPerNode,
    int PeakHelpers,
    long Requeued,
    long DuplicatesDropped,
    IReadOnlyList<PolicyDecision> Decisions,
    Dictionary<string, long> ChunksPerMember)
{
    /// <summary>Spans taken back from a holder that had not started them, and run by another worker.</summary>
    public long TakenBack { get; init; }

    /// <summary>Spans whose lease ran out (not reported in time) and were offered to another worker.</summary>
    public long LateSpans { get; init; }

    /// <summary>Spans whose thread the scheduler showed waiting for a CPU, offered to another worker.</summary>
    public long StarvedSpans { get; init; }

    /// <summary>Extra copies of spans run beside a late, starved or long-running one (the first result counts).</summary>
    public long Copies { get; init; }

    /// <summary>Extra copies that reported first.</summary>
    public long CopiesWon { get; init; }

    /// <summary>The job kept a ledger in the journal (it would resume after a restart); <see cref="Decisions"/> say why not.</summary>
    public bool Journaled { get; init; }

    /// <summary>Chunks completed before a restart and read back from the journal, not run again.</summary>
    public long ResumedChunks { get; init; }

    public long LaneChunks => ChunksPerNode.GetValueOrDefault(-1);

    public int HelpersUsed => HelpersPerNode.Values.Sum();

    /// <summary>Every figure with its values, not its collections' type names (a record's default).</summary>
    public override string ToString() =>
        $"{Items:N0} items in {Elapsed.TotalSeconds:0.###} s, {Chunks:N0} chunk(s) of {ChunkSize:N0}, planned for {PlannedThreads} thread(s); "
        + $"chunks per node {Pairs(ChunksPerNode)}; helpers per node {Pairs(HelpersPerNode)}; peak helpers {PeakHelpers}; "
        + $"requeued {Requeued}, duplicates dropped {DuplicatesDropped}; chunks per member {Pairs(ChunksPerMember)}; "
        + $"decisions: {string.Join("; ", Decisions.Select(d => $"{d.Rule}: {d.Why}"))}";

    private static string Pairs<TKey, TValue>(IReadOnlyDictionary<TKey, TValue> values) where TKey : notnull =>
        values.Count == 0 ? "none" : string.Join(", ", values.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value}"));
}
