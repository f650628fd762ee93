namespace Engine.Throttling;

/// <summary>
/// The throttler's arithmetic: helpers running per node and in total, never above the caps. A grant is
/// immediate and may be smaller than asked (never a wait); a node at its cap sends the helper to another
/// node with room (ktask: "a helper whose node is at its cap runs anywhere instead of waiting").
/// </summary>
public sealed class HelperLedger(HelperCaps caps)
{
    private readonly Dictionary<int, int> _running = new();
    private int _nextPreferred;

    public HelperCaps Caps { get; private set; } = caps;

    public int RunningTotal { get; private set; }

    public int Running(int node) => _running.GetValueOrDefault(node);

    public int Free => Math.Max(0, Caps.Global - RunningTotal);

    /// <summary>
    /// Grants one helper slot, on a preferred node if one has room, else on the node with most room among those
    /// <paramref name="canRun"/> accepts (a node with an idle worker). Returns the node, or null when nothing is free.
    /// </summary>
    public int? TryGrant(IReadOnlyList<int> preferredNodes, Func<int, bool> canRun)
    {
        if (RunningTotal >= Caps.Global)
            return null;
        for (var i = 0; i < preferredNodes.Count; i++)
        {
            var node = preferredNodes[(_nextPreferred + i) % preferredNodes.Count];
            if (HasRoom(node) && canRun(node))
            {
                _nextPreferred = (_nextPreferred + i + 1) % preferredNodes.Count;
                return Take(node);
            }
        }
        var fallback = Caps.PerNode.Keys
            .Where(n => HasRoom(n) && canRun(n))
            .OrderByDescending(n => Caps.ForNode(n) - Running(n))
            .ThenBy(n => n)
            .Select(n => (int?)n)
            .FirstOrDefault();
        return fallback is { } chosen ? Take(chosen) : null;
    }

    public void Release(int node)
    {
        if (Running(node) <= 0)
            throw new InvalidOperationException($"no helper is running on node {node}");
        _running[node]--;
        RunningTotal--;
    }

    /// <summary>New caps apply to new grants; helpers already running finish their chunks and are then released.</summary>
    public void Recap(HelperCaps caps) => Caps = caps;

    private bool HasRoom(int node) => Running(node) < Caps.ForNode(node);

    private int Take(int node)
    {
        _running[node] = Running(node) + 1;
        RunningTotal++;
        return node;
    }
}
