namespace Engine.Actors;

using System.Runtime.CompilerServices;
using Akka.Actor;
using Akka.Event;
using Engine.Actors.Cluster;
using Engine.Actors.Coordination;
using Engine.Actors.Dispatch;
using Engine.Actors.Metrics;
using Engine.Actors.Serialization;
using Engine.Actors.Workers;
using Engine.Jobs;
using Engine.Kernels;
using Engine.Policies;
using Engine.Threading;
using Engine.Throttling;
using Engine.Topology;

/// <summary>
/// The engine inside a user's ActorSystem: <c>WorkEngine.Start(system)</c>, register kernels, then
/// <see cref="RunAsync"/> or <c>Tell</c> a <see cref="SubmitJob"/> to <see cref="Coordinator"/>.
/// </summary>
public sealed class WorkEngine
{
    private static readonly ConditionalWeakTable<ActorSystem, WorkEngine> Started = new();

    private WorkEngine(ActorSystem system, EngineRuntime runtime, IActorRef coordinator, IActorRef throttler)
    {
        System = system;
        Runtime = runtime;
        Coordinator = coordinator;
        Throttler = throttler;
    }

    public ActorSystem System { get; }
    public EngineRuntime Runtime { get; }
    public IActorRef Coordinator { get; }
    public IActorRef Throttler { get; }
    public MachineTopology Topology => Runtime.Topology;
    public HelperCaps Caps => Runtime.Caps;

    /// <summary>The engine's meter (<see cref="EngineMetrics.MeterName"/>) and its live job board.</summary>
    public EngineMetrics Metrics => Runtime.Metrics;

    /// <summary>
    /// Starts the engine in <paramref name="system"/>: settings from the system's <c>engine</c> config section
    /// (defaults in engine.conf) unless given, topology and caps from the machine unless fixed in the settings.
    /// </summary>
    public static WorkEngine Start(ActorSystem system, EngineSettings? settings = null)
    {
        if (Started.TryGetValue(system, out _))
            throw new InvalidOperationException($"the engine already runs in actor system '{system.Name}'");
        settings ??= EngineConfig.Read(system.Settings.Config);
        if (settings.Journal.Enabled && Persistence.EngineJournal.TryOpen((ExtendedActorSystem)system, settings.Journal) is { } refused)
        {
            system.Log.Warning("Jobs are not journalled here: {0}", refused);
            settings = settings with { Journal = settings.Journal with { Enabled = false } };
        }
        var runtime = new EngineRuntime(settings, EngineLimits.Read(settings), HelperPoliteness.Apply(settings),
            new EngineMetrics(((ExtendedActorSystem)system).Provider.DefaultAddress.ToString()));
        system.RegisterOnTermination(runtime.Metrics.Dispose);
        var topology = runtime.Topology;
        RegisterDispatchers(system, runtime);
        var throttler = system.ActorOf(Throttling.Throttler.Props(runtime.Caps).WithDispatcher(ControlDispatcherId),
            "engine-throttler");
        ThrottlerGauges.Register(runtime.Metrics, throttler);
        // In a cluster the coordinator opens jobs through this member's EngineMember, which lends them to the others.
        var member = IsClusterMember(system)
            ? system.ActorOf(EngineMember.Props(runtime, throttler).WithDispatcher(ControlDispatcherId), EngineMember.Name)
            : null;
        var coordinator = system.ActorOf(JobCoordinator.Props(runtime, member ?? throttler).WithDispatcher(ControlDispatcherId),
            "engine-coordinator");
        member?.Tell(new ReportMemberLossTo(coordinator));
        // Actors stop children first: a lane blocked in a chunk would hold up its job's stop, and with it the system's.
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "engine-cancel-chunks", () =>
        {
            runtime.Cancellations.CancelAll();
            return Task.FromResult(Akka.Done.Instance);
        });
        if (settings.LimitsPollInterval > TimeSpan.Zero)
            system.ActorOf(Throttling.LimitsWatcher.Props(runtime, throttler).WithDispatcher(ControlDispatcherId), "engine-limits");
        foreach (var node in topology.Nodes)
            system.ActorOf(NodePool.Props(node, throttler, runtime).WithDispatcher(ControlDispatcherId),
                $"engine-node-{node.Id}");
        var engine = new WorkEngine(system, runtime, coordinator, throttler);
        Started.Add(system, engine);
        return engine;
    }

    private static bool IsClusterMember(ActorSystem system) =>
        ((ExtendedActorSystem)system).Provider is Akka.Cluster.ClusterActorRefProvider;

    /// <summary>The engine started in <paramref name="system"/> (e.g. by Akka.Hosting's WithWorkEngine).</summary>
    public static WorkEngine Of(ActorSystem system) => Started.TryGetValue(system, out var engine)
        ? engine
        : throw new InvalidOperationException($"no engine runs in actor system '{system.Name}': call WorkEngine.Start first");

    /// <summary>The engine's own actors (coordinator, throttler, pools) run here, never on helper threads.</summary>
    public const string ControlDispatcherId = "engine.control-dispatcher";

    /// <summary>Adds a kernel; its argument and result types may then cross the wire to other members.</summary>
    public WorkEngine Register(string name, IChunkKernel kernel)
    {
        Runtime.Kernels.Register(name, kernel);
        WireTypes.For(System).Allow(kernel.WireTypes);
        return this;
    }

    /// <summary>
    /// Starts again the journalled jobs a previous process left unfinished (journal on), from their ledgers:
    /// call it once their kernels are registered. Their progress and answers go to whoever watches them
    /// (<see cref="AttachAsync"/>, <see cref="WatchJob"/>).
    /// </summary>
    public WorkEngine Resume()
    {
        Coordinator.Tell(JobCoordinator.ResumeJobs.Instance);
        return this;
    }

    /// <summary>Awaits a job by id (one submitted detached, resumed from the journal, or finished lately) as its submitter would.</summary>
    /// <exception cref="JobFailedException">The job failed, or no job has this id here.</exception>
    public Task<JobResult> AttachAsync(string jobId, IProgress<JobProgress>? progress = null) =>
        JobSubmission.WatchAsync(System, Coordinator, jobId, progress);

    /// <summary>Runs a job and returns its result; throws <see cref="JobFailedException"/> if it fails or is rejected.</summary>
    public Task<JobResult> RunAsync(JobSpec spec, CancellationToken cancellation = default, IProgress<JobProgress>? progress = null) =>
        JobSubmission.RunAsync(System, Coordinator, spec, Topology.NodeOfCpu(NativeThread.CurrentCpu()), cancellation, progress);

    /// <summary>
    /// One dispatcher per node (niced, pinned helpers), one for lanes and one for the engine's own actors. Every
    /// thread sets its nice and affinity itself, because a thread inherits both from whichever thread creates it.
    /// </summary>
    private static void RegisterDispatchers(ActorSystem system, EngineRuntime runtime)
    {
        var settings = runtime.Settings;
        var processNice = NativeThread.ProcessNice();
        var allCpus = runtime.Topology.AllowedCpus;
        EngineDispatchers.Register(system, ControlDispatcherId,
            new ThreadPlacement("eng-ctl-", -1, allCpus, processNice), 2);
        var politeness = runtime.Politeness;
        var lane = new ThreadPlacement("eng-lane-", -1, allCpus, settings.LanesAsHelpers ? settings.HelperNice : processNice);
        EngineDispatchers.Register(system, CallerLane.DispatcherId,
            settings.LanesAsHelpers ? politeness.Polite(lane) : lane,
            settings.LaneThreads > 0 ? settings.LaneThreads : runtime.Topology.UsableCpus);
        foreach (var node in runtime.Topology.Nodes)
            EngineDispatchers.Register(system, NodePool.DispatcherId(node.Id),
                politeness.Polite(new ThreadPlacement($"eng-n{node.Id}-h", node.Id, settings.Pin ? node.Cpus : null, settings.HelperNice)),
                node.Cpus.Count);
    }
}
