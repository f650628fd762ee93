namespace Engine.Actors;

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
/// The engine inside a user's ActorSystem, an Akka extension: <c>WorkEngine.Get(system)</c> starts it with the
/// settings of the system's <c>engine</c> config section (or <see cref="Start"/> with settings of your own),
/// register kernels, then <see cref="RunAsync"/> or <c>Tell</c> a <see cref="SubmitJob"/> to <see cref="Coordinator"/>.
/// </summary>
public sealed class WorkEngine : IExtension
{
    private volatile EngineLimits _limits;

    private WorkEngine(ActorSystem system, EngineRuntime runtime, EngineLimits limits, IActorRef coordinator, IActorRef throttler)
    {
        _limits = limits;
        System = system;
        Runtime = runtime;
        Coordinator = coordinator;
        Throttler = throttler;
    }

    public ActorSystem System { get; }
    public EngineRuntime Runtime { get; }
    public IActorRef Coordinator { get; }
    public IActorRef Throttler { get; }

    /// <summary>The limits in force, as the LimitsWatcher last published them (<see cref="Throttling.LimitsChanged"/>).</summary>
    public EngineLimits Limits => _limits;

    public MachineTopology Topology => _limits.Topology;
    public HelperCaps Caps => _limits.HelperCaps;

    /// <summary>Why the caps are what they are and how helpers are kept polite (which policy rules fired).</summary>
    public IReadOnlyList<PolicyDecision> Decisions => Runtime.DecisionsUnder(_limits);

    /// <summary>Threads a job could ever have here: every helper the caps allow plus the submitter's lane.</summary>
    public int ThreadLimit => _limits.ThreadLimit;

    /// <summary>The engine's meter (<see cref="EngineMetrics.MeterName"/>) and its live job board.</summary>
    public EngineMetrics Metrics => Runtime.Metrics;

    /// <summary>The engine of <paramref name="system"/>, started on first use with the system's <c>engine</c> settings.</summary>
    public static WorkEngine Get(ActorSystem system) => system.WithExtension<WorkEngine, WorkEngineExtension>();

    /// <summary>
    /// Starts the engine in <paramref name="system"/> with <paramref name="settings"/> (by default the system's
    /// <c>engine</c> config section over engine.conf), topology and caps from the machine unless fixed in the
    /// settings; throws if it already runs there.
    /// </summary>
    public static WorkEngine Start(ActorSystem system, EngineSettings? settings = null) =>
        system.HasExtension<WorkEngine>()
            ? throw new InvalidOperationException($"the engine already runs in actor system '{system.Name}'")
            : (WorkEngine)system.RegisterExtension(new WorkEngineExtension(settings));

    internal static WorkEngine Create(ExtendedActorSystem system, EngineSettings? settings)
    {
        settings ??= EngineConfig.Read(system.Settings.Config);
        if (settings.Journal.Enabled && Persistence.EngineJournal.TryOpen(system, settings) is { } refused)
        {
            // A member that should share the cluster's journal and cannot is an error; a private folder in use is not.
            if (settings.Journal.Shared)
                system.Log.Error("Jobs are not journalled here: {0}", refused);
            else
                system.Log.Warning("Jobs are not journalled here: {0}", refused);
            settings = settings with { Journal = settings.Journal with { Enabled = false } };
        }
        var limits = EngineLimits.Read(settings);
        var topology = limits.Topology;
        var runtime = new EngineRuntime(settings, topology.Nodes.Select(n => n.Id).ToArray(), HelperPoliteness.Apply(settings),
            new EngineMetrics(system.Provider.DefaultAddress.ToString()));
        system.RegisterOnTermination(runtime.Metrics.Dispose);
        RegisterDispatchers(system, runtime, topology);
        var dispatcher = ActorDispatcher(system, settings);
        var throttler = system.SystemActorOf(Throttling.Throttler.Props(limits.HelperCaps).WithDispatcher(dispatcher),
            EngineActorNames.Throttler);
        ThrottlerGauges.Register(runtime.Metrics, throttler);
        // In a cluster the coordinator opens jobs through this member's EngineMember, which lends them to the others.
        var member = system.Provider is Akka.Cluster.ClusterActorRefProvider
            ? system.SystemActorOf(EngineMember.Props(runtime, topology, throttler).WithDispatcher(dispatcher), EngineActorNames.Member)
            : null;
        // A cluster journalling to the database its members share: jobs are sharded, so they outlive their member.
        var sharded = member is not null && settings.Journal.Shared;
        var coordinator = system.SystemActorOf(JobCoordinator.Props(runtime, limits, member ?? throttler, sharded).WithDispatcher(dispatcher),
            EngineActorNames.Coordinator);
        member?.Tell(new ReportMemberLossTo(coordinator));
        // Jobs nothing would resume (not journalled) stop while the process can still drain, undo and answer: when
        // its member is downed or leaves, or the system terminates. What is left after the phase's timeout answers as
        // it stops, saying what it could not undo.
        var shutdown = CoordinatedShutdown.Get(system);
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceRequestsDone, "engine-stop-jobs", async () =>
        {
            var timeout = shutdown.Timeout(CoordinatedShutdown.PhaseServiceRequestsDone);
            try
            {
                await coordinator.Ask<Akka.Done>(new JobCoordinator.StopJobs(StopReason(shutdown.ShutdownReason), timeout), timeout);
            }
            catch (AskTimeoutException)
            {
                // The jobs still draining answer as they stop.
            }
            return Akka.Done.Instance;
        });
        // Actors stop children first: a lane blocked in a chunk would hold up its job's stop, and with it the system's.
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "engine-cancel-chunks", () =>
        {
            runtime.Cancellations.CancelAll();
            return Task.FromResult(Akka.Done.Instance);
        });
        foreach (var node in topology.Nodes)
            system.SystemActorOf(NodePool.Props(node, throttler, runtime).WithDispatcher(dispatcher),
                EngineActorNames.NodePool(node.Id));
        var engine = new WorkEngine(system, runtime, limits, coordinator, throttler);
        if (sharded)
            coordinator.Tell(new JobCoordinator.UseJobRegion(
                JobSharding.Start(system, jobId => JobActor.Entity(jobId, runtime, engine.Limits, member ?? throttler, coordinator))));
        if (settings.LimitsPollInterval > TimeSpan.Zero)
        {
            system.SystemActorOf(Throttling.LimitsView.Props(changed => engine._limits = changed).WithDispatcher(dispatcher),
                EngineActorNames.LimitsView);
            system.SystemActorOf(Throttling.LimitsWatcher.Props(settings, runtime.PooledNodes, limits, throttler).WithDispatcher(dispatcher),
                EngineActorNames.LimitsWatcher);
        }
        return engine;
    }

    private static string StopReason(CoordinatedShutdown.Reason? reason) => reason switch
    {
        CoordinatedShutdown.ClusterDowningReason => "its member was downed by the cluster",
        CoordinatedShutdown.ClusterLeavingReason => "its member left the cluster",
        _ => "its actor system is shutting down",
    };

    /// <summary><c>engine.use-dispatcher</c>: the engine's own control dispatcher, or one of the system's.</summary>
    private static string ActorDispatcher(ActorSystem system, EngineSettings settings) =>
        settings.ActorDispatcher == ControlDispatcherId || system.Dispatchers.HasDispatcher(settings.ActorDispatcher)
            ? settings.ActorDispatcher
            : throw new EngineSettingException("use-dispatcher",
                $"must name a dispatcher configured in the actor system, was '{settings.ActorDispatcher}'");

    /// <summary>The engine's own actors (coordinator, throttler, pools) run here unless <c>engine.use-dispatcher</c> names another; never on helper threads.</summary>
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
    private static void RegisterDispatchers(ActorSystem system, EngineRuntime runtime, MachineTopology topology)
    {
        var settings = runtime.Settings;
        var processNice = NativeThread.ProcessNice();
        var allCpus = topology.AllowedCpus;
        EngineDispatchers.Register(system, ControlDispatcherId,
            new ThreadPlacement(EngineThreadNames.Control, -1, allCpus, processNice), 2);
        var politeness = runtime.Politeness;
        var lane = new ThreadPlacement(EngineThreadNames.Lane, -1, allCpus, settings.LanesAsHelpers ? settings.HelperNice : processNice);
        EngineDispatchers.Register(system, CallerLane.DispatcherId,
            settings.LanesAsHelpers ? politeness.Polite(lane) : lane,
            settings.LaneThreads > 0 ? settings.LaneThreads : topology.UsableCpus);
        foreach (var node in topology.Nodes)
            EngineDispatchers.Register(system, NodePool.DispatcherId(node.Id),
                politeness.Polite(new ThreadPlacement(EngineThreadNames.Helper(node.Id), node.Id, settings.Pin ? node.Cpus : null, settings.HelperNice)),
                node.Cpus.Count);
    }
}
