namespace Engine.Planning;

/// <summary>
/// Consecutive chunks [First, First + Count) handed out together. Spans are never split once handed out,
/// so a span's first index identifies it (a late duplicate result is recognised by it).
/// </summary>
public readonly record struct ChunkSpan(long First, int Count)
{
    public long End => First + Count;

    public override string ToString() => Count == 1 ? $"chunk #{First}" : $"chunks #{First}..#{End - 1}";
}
