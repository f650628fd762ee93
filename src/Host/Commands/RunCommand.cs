namespace Engine.Host.Commands;

using System.CommandLine;

/// <summary>`run &lt;kernel&gt;`: one job in this process on the embedded default, with progress, then its result.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var job = new JobArguments();
        var command = new Command("run", "Run a built-in job in this process and print its result and statistics");
        job.AddTo(command);
        command.SetAction((parse, cancellation) => Run(job.Read(parse), parse.InvocationConfiguration.Output,
            parse.InvocationConfiguration.Error, cancellation));
        return command;
    }

    private static async Task<int> Run(RunOptions options, TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        if (ConsoleJob.Spec(options, errors) is not { } spec)
            return 2;
        await using var process = EngineProcess.Start();
        var engine = process.Engine;
        return await ConsoleJob.RunAsync(spec, options,
            $"in this process: {engine.Topology.Nodes.Count} node(s), {engine.Topology.AllowedCpus.Count} CPU(s) allowed",
            (s, progress) => engine.RunAsync(s, cancellation, progress), engine.Caps, output, errors);
    }
}
