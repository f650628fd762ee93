namespace Engine.Actors.Hosting;

using Akka.Hosting;
using Engine.Actors.Coordination;
using Engine.Actors.Throttling;

/// <summary>
/// Akka.Hosting: <c>services.AddAkka("name", b => b.WithWorkEngine(engine => engine.Register("k", new K())))</c>.
/// The coordinator and throttler go into the actor registry (<c>IRequiredActor&lt;JobCoordinator&gt;</c>), and
/// <see cref="WorkEngine.Get"/> finds the engine of a system.
/// </summary>
public static class WorkEngineHostingExtensions
{
    public static AkkaConfigurationBuilder WithWorkEngine(this AkkaConfigurationBuilder builder,
        Action<WorkEngine>? configure = null, EngineSettings? settings = null) =>
        builder.WithActors((system, registry) =>
        {
            var engine = WorkEngine.Start(system, settings);
            configure?.Invoke(engine);
            registry.Register<JobCoordinator>(engine.Coordinator);
            registry.Register<Throttler>(engine.Throttler);
        });
}
