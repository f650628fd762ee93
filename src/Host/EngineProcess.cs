namespace Engine.Host;

using Akka.Actor;
using Akka.Configuration;
using Engine.Actors;

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
        var system = ActorSystem.Create(HostConfig.SystemName, Actors.Cluster.ClusterConfig.Setup(config, tls));
        var engine = WorkEngine.Start(system, settings);
        BuiltInJobs.RegisterAll(engine);
        return new EngineProcess(system, engine);
    }

    public async ValueTask DisposeAsync() => await System.Terminate();
}
