namespace Engine.Planning;

/// <summary>Chunks [FirstIndex, EndIndex) that prefer helpers of <see cref="Node"/> (-1: any node).</summary>
public sealed record NodePart(int Node, long FirstIndex, long EndIndex)
{
    public const int AnyNode = -1;

    public long Count => EndIndex - FirstIndex;
}
