namespace Engine.Host.Commands;

using System.CommandLine;
using Engine.Host.Http;

/// <summary>`run &lt;kernel&gt;`: one job in this process on the embedded default, with progress, then its result.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var job = new JobArguments();
        var http = HttpOption.Create(fromEnvironment: false);
        var command = new Command("run", "Run a built-in job in this process and print its result and statistics") { http };
        job.AddTo(command);
        command.SetAction((parse, cancellation) => Run(job.Read(parse), parse.GetValue(http), parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error, cancellation));
        return command;
    }

    private static async Task<int> Run(RunOptions options, HttpEndpoint? http, TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        if (ConsoleJob.Spec(options, errors) is not { } spec)
            return 2;
        await using var process = EngineProcess.Start();
        var engine = process.Engine;
        await using var server = http is null ? null : await EngineHttpServer.TryStartAsync(engine, http, errors);
        if (http is not null && server is null)
            return 2;
        if (server is not null)
            errors.WriteLine($"http {server.Address} (/metrics, /api/members, /api/jobs, dashboard at /)");
        return await ConsoleJob.RunAsync(spec, options,
            $"in this process: {engine.Topology.Nodes.Count} node(s), {engine.Topology.AllowedCpus.Count} CPU(s) allowed",
            (s, progress) => engine.RunAsync(s, cancellation, progress), engine.Caps, output, errors);
    }
}
