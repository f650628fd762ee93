namespace Engine.Host;

using Akka.Actor;
using Akka.Configuration;
using Engine.Actors;
using Engine.Threading;

/// <summary>The Host's own ActorSystem with the engine and the built-in kernels: the embedded default.</summary>
public sealed class EngineProcess : IAsyncDisposable
{
    private EngineProcess(ActorSystem system, WorkEngine engine) => (System, Engine) = (system, engine);

    public ActorSystem System { get; }
    public WorkEngine Engine { get; }

    /// <param name="extraConfig">Added to the Host's configuration, e.g. a cluster member's (<see cref="Actors.Cluster.ClusterConfig"/>).</param>
    /// <param name="tls">A cluster member's mutual TLS; null: plain TCP (or no remoting).</param>
    public static EngineProcess Start(Config? extraConfig = null, Actors.Protocol.ClusterTls? tls = null)
    {
        var config = HostConfig.Build(extraConfig);
        // A bad setting is named before anything starts, not as an actor that fails to start.
        var settings = EngineConfig.Read(config);
        // The split-brain resolver's strategy follows engine.cluster.downing (read only when the system is a cluster member).
        config = Actors.Cluster.ClusterConfig.Downing(settings).WithFallback(config);
        var system = ActorSystem.Create(HostConfig.SystemName, Actors.Cluster.ClusterConfig.Setup(config, tls));
        var engine = WorkEngine.Start(system, settings);
        BuiltInJobs.RegisterAll(engine);
        // Journalled jobs an earlier process left unfinished carry on here (nothing happens with the journal off).
        engine.Resume();
        return new EngineProcess(system, engine);
    }

    /// <summary>
    /// How long the Host waits for its actors to stop. A helper that lost its copy to the lane but gets no CPU
    /// (SCHED_IDLE beside busy programs) cannot even see its cancellation: the process must not wait for it,
    /// and need not, since helper threads are background threads and a job's answer is already out.
    /// </summary>
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(1);

    /// <summary>The process's SCHED_IDLE threads at the caller's priority, so they see a cancellation now, not when the machine is idle.</summary>
    public void LiftHelpers() =>
        HelperLift.Lift(HelperLift.IdleThreadsOfThisProcess(), Engine.Runtime.Politeness.CgroupTasksFile, NativeThread.ProcessNice());

    public async ValueTask DisposeAsync()
    {
        // The job's answer is out: helpers still unwinding a lost copy get the CPU to do it now.
        LiftHelpers();
        try
        {
            await System.Terminate().WaitAsync(StopWait);
        }
        catch (TimeoutException)
        {
            // Starved helpers still unwinding: the process exits without them.
        }
    }
}
