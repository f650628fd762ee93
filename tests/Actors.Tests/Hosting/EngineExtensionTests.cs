namespace Actors.Tests.Hosting;

using Actors.Tests.Support;
using Akka.Actor;
using Akka.Configuration;
using Engine.Actors;
using Engine.Jobs;

/// <summary>The engine is an Akka extension: one per actor system, its actors system actors on a configurable dispatcher.</summary>
public class EngineExtensionTests
{
    [Fact]
    public async Task Get_starts_the_engine_once_from_the_systems_engine_section_and_returns_the_same_engine_after()
    {
        using var system = ActorSystem.Create("extension", ConfigurationFactory.ParseString("engine.prefetch = 3"));
        try
        {
            var engine = WorkEngine.Get(system);

            Assert.Same(engine, WorkEngine.Get(system));
            Assert.Equal(3, engine.Runtime.Settings.Prefetch);
            Assert.Throws<InvalidOperationException>(() => WorkEngine.Start(system));
            var coordinator = await system.ActorSelection(EngineActorNames.LocalPath(EngineActorNames.Coordinator))
                .ResolveOne(TimeSpan.FromSeconds(5));
            Assert.Equal(engine.Coordinator, coordinator);
            Assert.Equal("system", coordinator.Path.Parent.Name);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task The_engines_actors_run_on_the_dispatcher_named_by_use_dispatcher()
    {
        var config = ConfigurationFactory.ParseString("""
            services-dispatcher { type = Dispatcher, throughput = 10 }
            """);
        using var system = ActorSystem.Create("dispatcher", config);
        try
        {
            var engine = WorkEngine.Start(system, EngineFixtures.FakeTwoNodes with { ActorDispatcher = "services-dispatcher" });
            engine.Register("hash", new SequenceHashKernel());

            var coordinator = (ActorRefWithCell)engine.Coordinator;
            Assert.Equal("services-dispatcher", coordinator.Underlying.Props.Dispatcher);
            var result = await engine.RunAsync(new JobSpec("hash", 0, 1_000));
            Assert.Equal(SequenceHash.Of(Enumerable.Range(0, 1_000).Select(i => (long)i)), result.Value);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task A_use_dispatcher_the_system_does_not_have_is_refused_naming_the_key()
    {
        using var system = ActorSystem.Create("no-dispatcher");
        try
        {
            var error = Assert.Throws<EngineSettingException>(() =>
                WorkEngine.Start(system, EngineFixtures.FakeTwoNodes with { ActorDispatcher = "nowhere" }));
            Assert.Equal("use-dispatcher", error.Key);
        }
        finally
        {
            await system.Terminate();
        }
    }
}
