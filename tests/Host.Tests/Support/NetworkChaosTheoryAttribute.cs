namespace Host.Tests.Support;

using Engine.Host.Bench.Chaos;

/// <summary>Chaos schedules of member processes in network namespaces; skipped, saying why, only where this machine cannot make them.</summary>
public sealed class NetworkChaosTheoryAttribute : TheoryAttribute
{
    public NetworkChaosTheoryAttribute()
    {
        if (ChaosNetwork.Unavailable() is { } reason)
            Skip = $"network chaos schedules need network namespaces: {reason}";
    }
}
