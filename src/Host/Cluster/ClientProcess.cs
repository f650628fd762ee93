namespace Engine.Host.Cluster;

using Akka.Actor;
using Engine.Actors;
using Engine.Actors.Cluster;
using Engine.Actors.Protocol;
using Engine.Actors.Serialization;
using Engine.Kernels.BuiltIn;

/// <summary>
/// A process that talks to a running cluster without joining it (`submit`, `status`): remoting only, with the
/// same wire serializer and the built-in kernels' result types allowed, so their answers can be read.
/// </summary>
public sealed class ClientProcess : IAsyncDisposable
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(10);

    private readonly ClusterTls? _tls;

    private ClientProcess(ActorSystem system, ClusterTls? tls) => (System, _tls) = (system, tls);

    public ActorSystem System { get; }

    /// <param name="tls">Mutual TLS with the cluster's certificates; null: plain TCP.</param>
    public static ClientProcess Start(string hostname, ClusterTls? tls = null)
    {
        var config = HostConfig.Build(ClusterConfig.Client(hostname, tls));
        // The client runs no engine, but a setting meant for one is still checked, as `run` and `node` check it.
        EngineConfig.Read(config);
        var system = ActorSystem.Create("engine-client", ClusterConfig.Setup(config, tls));
        foreach (var (_, kernel) in BuiltInKernels.All)
            WireTypes.For(system).Allow(kernel.WireTypes);
        return new ClientProcess(system, tls);
    }

    /// <summary>The member's coordinator (jobs submitted to it are spread over the cluster).</summary>
    public Task<IActorRef> Coordinator(Address member) => Resolve(member, EngineActorNames.Coordinator);

    /// <summary>The member's <see cref="EngineMember"/>, which answers for the whole cluster's status.</summary>
    public Task<IActorRef> Member(Address member) => Resolve(member, EngineActorNames.Member);

    private async Task<IActorRef> Resolve(Address member, string name)
    {
        try
        {
            return await System.ActorSelection(EngineActorNames.PathAt(ClusterConfig.OnTransport(member, _tls), name))
                .ResolveOne(ResolveTimeout);
        }
        catch (ActorNotFoundException)
        {
            throw new ClusterUnreachableException($"--cluster: no engine member answers at {member} (is `node` running there?)");
        }
    }

    public async ValueTask DisposeAsync() => await System.Terminate();
}
