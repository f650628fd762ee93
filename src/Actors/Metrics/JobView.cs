namespace Engine.Actors.Metrics;

/// <summary>One job as a dashboard shows it: its plan, how far it got, and how it ended.</summary>
/// <param name="State"><c>running</c>, or the outcome (<see cref="EngineMetrics.Outcome"/>).</param>
/// <param name="Helpers">Helpers attached at the last progress report (the lane not counted).</param>
/// <param name="PeakHelpers">Most helpers attached at once, known when the job ends.</param>
/// <param name="FailedSpans">Spans that stopped on a kernel error or the job's cancellation.</param>
public sealed record JobView(
    string JobId,
    string Kernel,
    string State,
    long Chunks,
    long Items,
    long ChunksDone,
    long ItemsDone,
    int Helpers,
    int PeakHelpers,
    TimeSpan Elapsed,
    long Requeued,
    long DuplicatesDropped,
    long FailedSpans,
    string? Reason,
    DateTimeOffset Started)
{
    public const string Running = "running";
    public const string Completed = "completed";
}
