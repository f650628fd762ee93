namespace Engine.Host.Bench.Chaos;

using Engine.Actors;
using Engine.Actors.Throttling;
using Engine.Jobs;

/// <summary>Three chaos members, wherever they run (ActorSystems of this process, or processes on a network of their own).</summary>
public interface IChaosCluster : IAsyncDisposable
{
    /// <summary>What the members' kernels have recorded so far.</summary>
    ChaosLedger Ledger();

    bool IsAlive(int member);

    /// <summary>The member's throttler (caps, helpers running and leaving, open jobs), or null when it does not answer.</summary>
    Task<ThrottlerState?> StateOf(int member);

    /// <summary>Submits <paramref name="spec"/> to the member's coordinator; the submitter is never harmed by a fault.</summary>
    Task<JobResult> RunAsync(int coordinator, JobSpec spec, CancellationToken cancellation);

    Task InjectAsync(Fault fault, CancellationToken cancellation);
}
