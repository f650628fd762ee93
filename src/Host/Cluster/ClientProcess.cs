namespace Engine.Host.Cluster;

using Akka.Actor;
using Engine.Actors;
using Engine.Actors.Cluster;
using Engine.Actors.Serialization;
using Engine.Kernels.BuiltIn;

/// <summary>
/// A process that talks to a running cluster without joining it (`submit`, `status`): remoting only, with the
/// same wire serializer and the built-in kernels' result types allowed, so their answers can be read.
/// </summary>
public sealed class ClientProcess : IAsyncDisposable
{
    private static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(10);

    private ClientProcess(ActorSystem system) => System = system;

    public ActorSystem System { get; }

    public static ClientProcess Start(string hostname)
    {
        var config = HostConfig.Build(ClusterConfig.Client(hostname));
        // The client runs no engine, but a setting meant for one is still checked, as `run` and `node` check it.
        EngineConfig.Read(config);
        var system = ActorSystem.Create("engine-client", config);
        foreach (var (_, kernel) in BuiltInKernels.All)
            WireTypes.For(system).Allow(kernel.WireTypes);
        return new ClientProcess(system);
    }

    /// <summary>The member's coordinator (jobs submitted to it are spread over the cluster).</summary>
    public Task<IActorRef> Coordinator(Address member) => Resolve(member, "engine-coordinator");

    /// <summary>The member's <see cref="EngineMember"/>, which answers for the whole cluster's status.</summary>
    public Task<IActorRef> Member(Address member) => Resolve(member, EngineMember.Name);

    private async Task<IActorRef> Resolve(Address member, string name)
    {
        try
        {
            return await System.ActorSelection(new RootActorPath(member) / "user" / name).ResolveOne(ResolveTimeout);
        }
        catch (ActorNotFoundException)
        {
            throw new ClusterUnreachableException($"--cluster: no engine member answers at {member} (is `node` running there?)");
        }
    }

    public async ValueTask DisposeAsync() => await System.Terminate();
}
