namespace Engine.Host;

using Engine.Jobs;

/// <summary>Parses --placement: "local", "any", or "nodes=0,1" with optional weights "nodes=0:3,1:1".</summary>
public static class PlacementText
{
    public static bool TryParse(string text, out Placement placement, out string error)
    {
        (placement, error) = (Placement.AnyNode, "");
        switch (text.Trim().ToLowerInvariant())
        {
            case "local":
                placement = Placement.Local;
                return true;
            case "any":
                placement = Placement.AnyNode;
                return true;
        }
        if (!text.StartsWith("nodes=", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{text}' is not local, any or nodes=<id>[:weight],...";
            return false;
        }
        var shares = new List<NodeShare>();
        foreach (var part in text["nodes=".Length..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var pieces = part.Split(':');
            if (pieces.Length > 2 || !int.TryParse(pieces[0], out var node)
                || !(pieces.Length == 1 ? (int?)1 : int.TryParse(pieces[1], out var w) ? w : null).HasValue)
            {
                error = $"'{part}' in '{text}' is not <node>[:weight]";
                return false;
            }
            shares.Add(new NodeShare(node, pieces.Length == 1 ? 1 : int.Parse(pieces[1])));
        }
        if (shares.Count == 0)
        {
            error = $"'{text}' names no node";
            return false;
        }
        placement = Placement.Nodes([.. shares]);
        return true;
    }
}
