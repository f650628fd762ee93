namespace Engine.Actors.Workers;

using Akka.Actor;
using Engine.Topology;

/// <summary>
/// The workers of one NUMA node, one per allowed CPU of the node, all on the node's dispatcher (threads
/// pinned to the node's CPUs and niced). A worker whose kernel threw is restarted: same thread pool, so it
/// stays pinned and niced, and it tells the throttler it is free again.
/// </summary>
public sealed class NodePool : ReceiveActor
{
    public NodePool(NumaNode node, string dispatcherId, IActorRef throttler, EngineRuntime runtime)
    {
        for (var i = 0; i < node.Cpus.Count; i++)
            Context.ActorOf(ChunkWorker.Props(node.Id, throttler, runtime).WithDispatcher(dispatcherId), $"worker-{i}");
    }

    public static string DispatcherId(int node) => $"engine.node-{node}-dispatcher";

    public static Props Props(NumaNode node, IActorRef throttler, EngineRuntime runtime) =>
        Akka.Actor.Props.Create(() => new NodePool(node, DispatcherId(node.Id), throttler, runtime));

    protected override SupervisorStrategy SupervisorStrategy() =>
        new OneForOneStrategy(_ => Directive.Restart);
}
