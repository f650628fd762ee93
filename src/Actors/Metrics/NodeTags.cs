namespace Engine.Actors.Metrics;

using System.Collections.Concurrent;
using Engine.Planning;

/// <summary>The <c>node</c> tag's text for each node id, made once, so no measurement formats or boxes a number.</summary>
internal sealed class NodeTags
{
    private readonly ConcurrentDictionary<int, string> _tags = new();

    public string Of(int node) => node == NodePart.AnyNode
        ? EngineMetrics.LaneNode
        : _tags.GetOrAdd(node, n => n.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
