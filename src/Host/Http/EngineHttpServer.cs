namespace Engine.Host.Http;

using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using Engine.Actors;
using Engine.Actors.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

/// <summary>
/// The engine's read-only HTTP endpoint (Kestrel): <c>/metrics</c> through OpenTelemetry's Prometheus exporter,
/// <c>/api/members</c> and <c>/api/jobs</c> as JSON, <c>/api/events</c> (both, live, as Server-Sent Events) and the
/// dashboard at <c>/</c>. Only GET is served.
/// </summary>
public sealed class EngineHttpServer : IAsyncDisposable
{
    /// <summary>The members' report asks every member, so it is sent less often than the jobs.</summary>
    private static readonly TimeSpan MembersInterval = TimeSpan.FromSeconds(1);

    private readonly WebApplication _app;

    private EngineHttpServer(WebApplication app, Uri address) => (_app, Address) = (app, address);

    /// <summary>Where the endpoint listens (the port chosen by the system when 0 was asked).</summary>
    public Uri Address { get; }

    /// <summary>Starts the endpoint, or names the address and why it cannot listen there (and returns null).</summary>
    public static async Task<EngineHttpServer?> TryStartAsync(WorkEngine engine, HttpEndpoint endpoint, TextWriter errors)
    {
        if (!endpoint.IsLoopback)
            errors.WriteLine($"warning: --http {endpoint} is not a loopback address: whoever reaches it reads the metrics, jobs and members (no authentication)");
        try
        {
            return await StartAsync(engine, endpoint);
        }
        catch (IOException e)
        {
            errors.WriteLine($"error: --http: cannot listen on {endpoint}: {e.Message}");
            return null;
        }
    }

    public static async Task<EngineHttpServer> StartAsync(WorkEngine engine, HttpEndpoint endpoint)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint.Address, endpoint.Port));
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(EngineMetrics.MeterName)
            // Each scrape sees the counters as they are, not a response cached from an earlier one.
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        var app = builder.Build();
        var api = new EngineApi(engine);
        app.Use(async (context, next) =>
        {
            if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                await next(context);
            else
                context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        });
        app.MapPrometheusScrapingEndpoint();
        app.MapGet("/api/members", async (CancellationToken cancellation) => Results.Json(await api.Members(cancellation)));
        app.MapGet("/api/jobs", () => Results.Json(api.Jobs()));
        app.MapGet("/api/events", (CancellationToken cancellation) =>
            TypedResults.ServerSentEvents(Events(api, engine.Runtime.Settings.ProgressInterval, cancellation)));
        DashboardAssets.Map(app);
        await app.StartAsync();
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new EngineHttpServer(app, new Uri(bound));
    }

    /// <summary>The jobs at the coordinator's progress interval (when their views change), the members every second.</summary>
    private static async IAsyncEnumerable<SseItem<string>> Events(EngineApi api, TimeSpan interval,
        [EnumeratorCancellation] CancellationToken cancellation)
    {
        var membersDue = DateTime.MinValue;
        while (!cancellation.IsCancellationRequested)
        {
            if (DateTime.UtcNow >= membersDue)
            {
                membersDue = DateTime.UtcNow + MembersInterval;
                yield return new SseItem<string>((await api.Members(cancellation)).ToJsonString(), "members");
            }
            yield return new SseItem<string>(api.Jobs().ToJsonString(), "jobs");
            try
            {
                await Task.Delay(interval, cancellation);
            }
            catch (OperationCanceledException)
            {
                yield break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
