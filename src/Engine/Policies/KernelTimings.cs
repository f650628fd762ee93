namespace Engine.Policies;

/// <summary>
/// The time one item of each kernel took in its last job, so the next job asking for automatic helpers is
/// sized at once instead of first timing its chunks on the caller's lane. Kept per kernel and arguments
/// (burn's rounds change the cost of an item a hundredfold). Owned by one coordinator.
/// </summary>
public sealed class KernelTimings
{
    private readonly Dictionary<(string Kernel, object? Arguments), double> _itemTicks = new();

    /// <param name="itemTicks">TimeSpan ticks per item, fractional: items may take far less than a tick.</param>
    public bool TryGet(string kernel, object? arguments, out double itemTicks) => _itemTicks.TryGetValue((kernel, arguments), out itemTicks);

    /// <summary>Remembers <paramref name="elapsedTicks"/> spent on <paramref name="items"/> items; nothing measured, nothing kept.</summary>
    public void Remember(string kernel, object? arguments, long elapsedTicks, long items)
    {
        if (items > 0 && elapsedTicks > 0)
            _itemTicks[(kernel, arguments)] = (double)elapsedTicks / items;
    }
}
