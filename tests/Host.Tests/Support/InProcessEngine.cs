namespace Host.Tests.Support;

using System.Net;
using Akka.Actor;
using Engine.Actors;
using Engine.Host;
using Engine.Host.Http;

/// <summary>
/// An engine in this test process, under an ActorSystem name of its own (so its <c>member</c> tag is its own
/// among other tests' engines), with the HTTP endpoint on a free loopback port.
/// </summary>
public sealed class InProcessEngine : IAsyncDisposable
{
    private InProcessEngine(ActorSystem system, WorkEngine engine, EngineHttpServer server) => (System, Engine, Server) = (system, engine, server);

    public ActorSystem System { get; }
    public WorkEngine Engine { get; }
    public EngineHttpServer Server { get; }

    public static async Task<InProcessEngine> StartAsync(string name)
    {
        var system = ActorSystem.Create($"{name}-{Guid.NewGuid():N}"[..24], HostConfig.Build());
        var engine = WorkEngine.Start(system);
        BuiltInJobs.RegisterAll(engine);
        var server = await EngineHttpServer.StartAsync(engine, new HttpEndpoint(IPAddress.Loopback, 0));
        return new InProcessEngine(system, engine, server);
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        await System.Terminate();
    }
}
