namespace Engine.Actors.Dispatch;

using System.Globalization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Engine.Threading;

/// <summary>
/// Registers dispatchers whose threads carry a <see cref="ThreadPlacement"/> (nice, CPU pinning, name), so
/// actors created with <c>Props.WithDispatcher(id)</c> run their messages on those threads.
/// </summary>
public static class EngineDispatchers
{
    /// <summary>
    /// How long a dispatcher may have no actors before Akka shuts its executor down. Akka would then build a
    /// new executor, with new threads, for the next actor; keeping it long keeps one set of placed threads for
    /// the system's life (on termination Akka runs the pending shutdown, which ends them).
    /// </summary>
    public static readonly TimeSpan IdleExecutorLifetime = TimeSpan.FromDays(365);

    /// <summary>
    /// Registers dispatcher <paramref name="dispatcherId"/> over <paramref name="threadCount"/> threads placed
    /// as <paramref name="placement"/> says. A null nice or CPU list there means the process's own here
    /// (see <see cref="PlacedThreadPoolSettings"/>). Throws if the id is already registered.
    /// </summary>
    /// <param name="throughput">Messages an actor handles before its thread moves to the next actor; chunk
    /// messages are long, so 1 keeps actors sharing the threads fair at no real cost.</param>
    public static void Register(ActorSystem system, string dispatcherId, ThreadPlacement placement, int threadCount,
        int throughput = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dispatcherId);
        ArgumentOutOfRangeException.ThrowIfLessThan(throughput, 1);

        var dispatcher = ConfigurationFactory.ParseString(string.Join("\n",
                $"id = {HoconString.Quote(dispatcherId)}",
                "type = Dispatcher",
                $"executor = {HoconString.Quote(PlacedThreadPoolExecutorConfigurator.ExecutorName)}",
                $"throughput = {throughput.ToString(CultureInfo.InvariantCulture)}",
                $"shutdown-timeout = {((long)IdleExecutorLifetime.TotalSeconds).ToString(CultureInfo.InvariantCulture)}s"))
            .WithFallback(new PlacedThreadPoolSettings(placement, threadCount).ToConfig())
            .WithFallback(system.Settings.Config.GetConfig("akka.actor.default-dispatcher"));

        var configurator = new DispatcherConfigurator(dispatcher, system.Dispatchers.Prerequisites);
        if (!system.Dispatchers.RegisterConfigurator(dispatcherId, configurator))
            throw new InvalidOperationException($"dispatcher [{dispatcherId}] is already registered");
    }
}
