namespace Engine.Jobs;

/// <summary>One chunk of a job: items [Start, End). Index orders chunks for the reducer.</summary>
public readonly record struct ChunkRange(long Index, long Start, long End)
{
    public long Length => End - Start;

    public override string ToString() => $"chunk #{Index} [{Start}, {End})";
}
