namespace Engine.Actors.Dispatch;

using Akka.Configuration;
using Akka.Dispatch;
using Akka.Event;
using Engine.Threading;

/// <summary>
/// Makes Akka dispatchers run on niced, pinned threads. Akka constructs it for a dispatcher whose config says
/// <c>executor = "Engine.Actors.Dispatch.PlacedThreadPoolExecutorConfigurator, Engine.Actors"</c> and reads the
/// <see cref="PlacedThreadPoolSettings.Section"/> block. Placement failures are logged as warnings and work
/// item exceptions as errors on the event stream.
/// </summary>
public sealed class PlacedThreadPoolExecutorConfigurator : ExecutorServiceConfigurator
{
    private readonly PlacedThreadPoolSettings _settings;

    public PlacedThreadPoolExecutorConfigurator(Config config, IDispatcherPrerequisites prerequisites)
        : base(config, prerequisites)
    {
        _settings = PlacedThreadPoolSettings.FromDispatcherConfig(config);
    }

    /// <summary>The value of a dispatcher's <c>executor</c> setting that selects this configurator.</summary>
    public static string ExecutorName { get; } =
        $"{typeof(PlacedThreadPoolExecutorConfigurator).FullName}, {typeof(PlacedThreadPoolExecutorConfigurator).Assembly.GetName().Name}";

    /// <summary>
    /// Starts the threads. Akka calls this lazily for the first actor, and again after it has shut an idle
    /// executor down (see <see cref="EngineDispatchers.IdleExecutorLifetime"/>); on system termination the
    /// scheduler runs pending dispatcher shutdowns, which end these threads.
    /// </summary>
    public override ExecutorService Produce(string id)
    {
        var logSource = $"PlacedThreadPool-[{id}]";
        var pool = new DedicatedThreadPool(_settings.Placement, _settings.ThreadCount, e =>
            Prerequisites.EventStream.Publish(new Error(e, logSource, typeof(PlacedThreadPoolExecutor), "a work item threw")));

        foreach (var placement in pool.Placements.Where(p => !p.Complete))
            Prerequisites.EventStream.Publish(new Warning(logSource, typeof(PlacedThreadPoolExecutor), $"thread not fully placed: {placement}"));

        return new PlacedThreadPoolExecutor(id, pool);
    }
}
