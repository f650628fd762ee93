namespace Actors.Tests.Hosting;

using Actors.Tests.Support;
using Akka.Actor;
using Akka.Hosting;
using Engine.Actors;
using Engine.Actors.Coordination;
using Engine.Actors.Hosting;
using Engine.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

public class HostingTests
{
    [Fact]
    public async Task An_Akka_Hosting_service_gets_the_coordinator_from_the_registry_and_runs_its_own_kernel()
    {
        using var host = new HostBuilder()
            .ConfigureServices(services => services.AddAkka("hosted", builder =>
                builder.WithWorkEngine(engine => engine.Register("hash", new SequenceHashKernel()), EngineFixtures.FakeTwoNodes)))
            .Build();
        await host.StartAsync();
        try
        {
            var coordinator = host.Services.GetRequiredService<IRequiredActor<JobCoordinator>>();
            var actor = await coordinator.GetAsync();
            var reply = await actor.Ask<JobAccepted>(new SubmitJob(new JobSpec("hash", 0, 10_000), "hosted-1"), TimeSpan.FromSeconds(10));
            Assert.Equal("hosted-1", reply.JobId);

            var system = host.Services.GetRequiredService<ActorSystem>();
            var result = await WorkEngine.Get(system).RunAsync(new JobSpec("hash", 0, 10_000));
            Assert.Equal(SequenceHash.Of(Enumerable.Range(0, 10_000).Select(i => (long)i)), result.Value);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
